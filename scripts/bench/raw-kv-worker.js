// The ceiling: a Worker that only moves a request body into KV and a KV value back out, as streams, with nothing of
// hushnote's (no objects, no checks, no crypto). `npm run bench` runs it under `wrangler dev` like the real Worker.
export default {
  async fetch(request, env) {
    const key = new URL(request.url).pathname.slice(1);
    if (key === "ready") return new Response("ready");
    if (request.method === "PUT") {
      await env.KV.put(key, request.body, { expirationTtl: 3600 });
      return new Response(null, { status: 204 });
    }
    const body = await env.KV.get(key, "stream");
    if (!body) return new Response("no such key", { status: 404 });
    // Typed as the Worker's bodies are: the runtime gzips an untyped answer for a client that accepts gzip.
    return new Response(body, { headers: { "Content-Type": "application/octet-stream" } });
  },
};

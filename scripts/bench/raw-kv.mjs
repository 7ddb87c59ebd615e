// The raw KV ceiling: the same bytes, in the same parts, PUT into and read back out of the local runtime's KV by a
// Worker that does nothing else (raw-kv-worker.js), under `wrangler dev` with the same proxy and persistence.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startWrangler } from "./server.mjs";

const CHUNK = 64 * 1024;

/** Starts the bare KV Worker; returns the server (origin, runtime pids, stop) with its config directory removed at stop. */
export async function startRawKv() {
  const dir = mkdtempSync(join(tmpdir(), "hushnote-bench-raw-"));
  const config = join(dir, "wrangler.toml");
  writeFileSync(
    config,
    [
      'name = "hushnote-bench-raw-kv"',
      `main = ${JSON.stringify(resolve("scripts/bench/raw-kv-worker.js"))}`,
      'compatibility_date = "2026-04-26"',
      "send_metrics = false",
      "[[kv_namespaces]]",
      'binding = "KV"',
      'id = "00000000000000000000000000000000"',
      "",
    ].join("\n"),
  );
  const server = await startWrangler({ config, probe: "/ready" });
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `size` bytes handed out in 64 KiB pieces, as a file read from disk would be, cycling through `source` (random bytes,
 * a whole number of pieces long, never changed, so the same memory can be handed out again).
 */
function randomStream(source, size) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= size) return controller.close();
      const take = Math.min(CHUNK, size - at);
      const from = at % source.length;
      controller.enqueue(source.subarray(from, from + take));
      at += take;
    },
  });
}

/** PUTs one value per part under `key/<n>`, one part after the other, streamed with its Content-Length. */
export async function rawPut(origin, key, parts, source) {
  for (const [n, size] of parts.entries()) {
    const answer = await fetch(`${origin}/${key}-${n}`, {
      method: "PUT",
      headers: { "Content-Length": String(size), "Content-Type": "application/octet-stream" },
      body: randomStream(source, size),
      duplex: "half",
    });
    if (answer.status !== 204) throw new Error(`raw KV put answered ${answer.status}`);
  }
}

/** Reads every part of `key` back as a stream, discarding the bytes; returns how many arrived. */
export async function rawGet(origin, key, parts) {
  let got = 0;
  for (const n of parts.keys()) {
    const answer = await fetch(`${origin}/${key}-${n}`);
    if (!answer.ok) throw new Error(`raw KV get answered ${answer.status}`);
    for await (const chunk of answer.body) got += chunk.length;
  }
  return got;
}

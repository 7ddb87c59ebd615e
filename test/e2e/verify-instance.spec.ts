import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";

const run = promisify(execFile);
let worker: TestServer;
let tampering: Server;
let tamperingOrigin: string;
let mode: "append" | "mislabel" = "append";

// A hostile instance in front of the honest one: it appends one comment to the open page and serves a manifest that
// claims the honest hashes. The check must hash what it is served, not believe what it is told.
beforeAll(async () => {
  worker = await startServer();
  tampering = createServer(async (req, res) => {
    const upstream = await fetch(new URL(req.url ?? "/", worker.origin), { redirect: "manual" });
    let body = Buffer.from(await upstream.arrayBuffer());
    const headers = Object.fromEntries(
      [...upstream.headers].filter(([name]) => !/^(content-length|content-encoding|transfer-encoding)$/i.test(name)),
    );
    if (mode === "append" && req.url?.startsWith("/n/"))
      body = Buffer.concat([body, Buffer.from("<!-- exfiltrate -->")]);
    // A quieter lie: the German open page altered, and labelled English as if German were not offered.
    if (mode === "mislabel" && req.url?.startsWith("/n/") && req.url.includes("lang=de")) {
      body = Buffer.concat([body, Buffer.from("<!-- exfiltrate -->")]);
      headers["content-language"] = "en";
    }
    res.writeHead(upstream.status, headers).end(body);
  });
  await new Promise<void>((resolve) => tampering.listen(0, "127.0.0.1", resolve));
  tamperingOrigin = `http://127.0.0.1:${(tampering.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => tampering?.close(resolve));
  await worker?.stop();
});

describe("scripts/verify-instance.mjs", () => {
  it("finds every page of an honest instance byte-identical to the local build, CSP included (exit 0)", async () => {
    const { stdout } = await run(process.execPath, ["scripts/verify-instance.mjs", worker.origin]);
    // Seven page routes as a first visit gets them, and in each of the twelve languages.
    expect(stdout.match(/same HTML {2}same CSP/g)).toHaveLength(91);
    expect(stdout).toMatch(/^\/n\/:id +ar +same HTML/m);
    expect(stdout).toMatch(/Every page is byte-identical to this build\./);
  });

  it("accepts a language the instance does not offer only when what it serves instead is this build's page", async () => {
    const narrow = await startServer({ LANGUAGES: "en,de" });
    try {
      const { stdout } = await run(process.execPath, ["scripts/verify-instance.mjs", narrow.origin]);
      // The other languages answer English: not offered, and still this build's English page byte for byte.
      expect(stdout.match(/same HTML {2}same CSP/g)).toHaveLength(91);
      expect(stdout.match(/not offered by this instance: it served en/g)).toHaveLength(70);
      expect(stdout).toMatch(/Every page is byte-identical to this build\./);
    } finally {
      await narrow.stop();
    }
  });

  it("catches a page altered in transit although the instance's own manifest still claims the honest hashes (exit 1)", async () => {
    const manifest = await (await fetch(`${tamperingOrigin}/.well-known/hushnote.json`)).json();
    expect(manifest).toEqual(await (await fetch(`${worker.origin}/.well-known/hushnote.json`)).json());
    const failed = await run(process.execPath, ["scripts/verify-instance.mjs", tamperingOrigin]).catch(
      (error) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^\/n\/:id +de +DIFFERENT HTML {2}same CSP/m);
    expect(failed.stdout.match(/DIFFERENT HTML/g)).toHaveLength(13);
    expect(failed.stdout.match(/same HTML/g)).toHaveLength(78);
  });

  it("is not fooled by an altered page labelled as another language, as if its own were not offered (exit 1)", async () => {
    mode = "mislabel";
    const failed = await run(process.execPath, ["scripts/verify-instance.mjs", tamperingOrigin]).catch(
      (error) => error,
    );
    mode = "append";
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^\/n\/:id +de +DIFFERENT HTML {2}same CSP .*it served en/m);
    expect(failed.stdout.match(/DIFFERENT HTML/g)).toHaveLength(1);
  });
});

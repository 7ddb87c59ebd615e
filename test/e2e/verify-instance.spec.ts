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

// A hostile instance in front of the honest one: it appends one comment to the open page and serves a manifest that
// claims the honest hashes. The check must hash what it is served, not believe what it is told.
beforeAll(async () => {
  worker = await startServer();
  tampering = createServer(async (req, res) => {
    const upstream = await fetch(new URL(req.url ?? "/", worker.origin), { redirect: "manual" });
    let body = Buffer.from(await upstream.arrayBuffer());
    if (req.url?.startsWith("/n/")) body = Buffer.concat([body, Buffer.from("<!-- exfiltrate -->")]);
    const headers = Object.fromEntries(
      [...upstream.headers].filter(([name]) => !/^(content-length|content-encoding|transfer-encoding)$/i.test(name)),
    );
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
    // Four pages in each of the twelve languages.
    expect(stdout.match(/same HTML {2}same CSP/g)).toHaveLength(48);
    expect(stdout).toMatch(/^\/n\/:id +ar +same HTML/m);
    expect(stdout).toMatch(/Every page is byte-identical to this build\./);
  });

  it("leaves out the languages an instance does not offer, and still checks the rest", async () => {
    const narrow = await startServer({ LANGUAGES: "en,de" });
    try {
      const { stdout } = await run(process.execPath, ["scripts/verify-instance.mjs", narrow.origin]);
      expect(stdout.match(/same HTML {2}same CSP/g)).toHaveLength(8);
      expect(stdout.match(/not offered by this instance/g)).toHaveLength(40);
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
    expect(failed.stdout.match(/DIFFERENT HTML/g)).toHaveLength(12);
    expect(failed.stdout.match(/same HTML/g)).toHaveLength(36);
  });
});

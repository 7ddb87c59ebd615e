// What headless Chromium itself uploads over loopback on this machine, with no Worker and no crypto: a page PUTs
// 25 MiB with XMLHttpRequest (as the create page sends parts) to a bare node:http server on the same origin. A bound
// under the create page's figure, not a target.
import { createServer } from "node:http";

const BYTES = 25 * 1024 * 1024;
const RUNS = 3;

/** A loopback server: PUT drains the body, anything else is an empty page. */
function sink() {
  const server = createServer((request, response) => {
    if (request.method === "PUT") request.on("data", () => {}).on("end", () => response.end());
    else response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>sink</title>");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Chromium's own loopback upload rate in MB/s, averaged over RUNS uploads of BYTES. */
export async function chromiumCeiling(browser) {
  const server = await sink();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const ms = await page.evaluate(
      async ({ bytes, runs }) => {
        const body = new Uint8Array(bytes);
        crypto.getRandomValues(body.subarray(0, 65536));
        const put = () =>
          new Promise((resolve, reject) => {
            const xhr = new XMLHttpRequest();
            xhr.open("PUT", "/sink");
            xhr.onload = resolve;
            xhr.onerror = reject;
            xhr.send(body);
          });
        const started = performance.now();
        for (let i = 0; i < runs; i++) await put();
        return (performance.now() - started) / runs;
      },
      { bytes: BYTES, runs: RUNS },
    );
    return { bytes: BYTES, runs: RUNS, uploadMbps: BYTES / 1e6 / (ms / 1000) };
  } finally {
    await context.close();
    server.close();
  }
}

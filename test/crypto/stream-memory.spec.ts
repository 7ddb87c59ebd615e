import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, it } from "vitest";
import { openStream, sealStream, unlock } from "../../crypto/index";
import { filler, TEST_FLOOR } from "./helpers";

const MiB = 2 ** 20;
const FILE_SIZE = 256 * MiB;
// A few records in flight each way plus the manifest and V8's slack; a body held whole would be 256 MiB.
const LIVE_GROWTH_BOUND = 64 * MiB;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const live = () => {
  gc();
  // `external`, not `arrayBuffers`: buffers Web Crypto returns are backed outside Node's allocator and only show there.
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};

/** 256 MiB made up as it is read, 64 KiB at a time like a Node file stream; hashed on the way out. */
async function* lazyFile(hash: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  const template = filler(64 * 1024, 11);
  for (let i = 0; i < FILE_SIZE / template.length; i++) {
    const chunk = template.slice();
    new DataView(chunk.buffer).setUint32(0, i);
    hash.update(chunk);
    yield chunk;
  }
}

it("streams a 256 MiB file through sealStream and openStream with live memory growing by less than 64 MiB", async () => {
  const written = createHash("sha256");
  const read = createHash("sha256");
  const before = live();
  let peak = 0;
  const sealed = await sealStream(
    { text: "big", tabs: [], files: [{ name: "big.bin", type: "", size: FILE_SIZE, chunks: lazyFile(written) }] },
    { kind: "note", id: "rnWVeCvFOLK21nhnJ3p-Zw", views: null, ttl: null, ...TEST_FLOOR },
  );
  const unlocked = await unlock(sealed.header, { linkKey: sealed.linkKey }, TEST_FLOOR);
  let records = 0;
  let end = false;
  for await (const event of openStream(unlocked, sealed.wrappedKey, sealed.body)) {
    if (event.kind === "data") {
      read.update(event.bytes);
      if (++records % 256 === 0) peak = Math.max(peak, live() - before);
    }
    end ||= event.kind === "end";
  }
  expect(end).toBe(true);
  expect(read.digest("hex")).toBe(written.digest("hex"));
  console.log(`256 MiB through seal and open: live memory grew by at most ${(peak / MiB).toFixed(1)} MiB`);
  expect(records).toBeGreaterThan(4_000);
  expect(peak).toBeLessThan(LIVE_GROWTH_BOUND);
});

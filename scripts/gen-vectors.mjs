// Generates the frozen test vectors in test/vectors/ (v1-*, v2-* and v3-request-*.json) from fixed randomness. It
// writes only files that do not exist yet and never touches an existing one, because a vector that changes is no longer
// a compatibility test: running it today writes nothing for v1 and only missing v2 files. Intermediate values are
// recomputed here with node:crypto as a cross-check of the module. Usage: node scripts/gen-vectors.mjs [--check]
// (--check regenerates every vector in memory and compares it with the frozen file, writing nothing).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { V1_VECTORS, v1Vector } from "./gen-vectors/v1.mjs";
import { V2_VECTORS, v2Vector } from "./gen-vectors/v2.mjs";
import { V3_VECTORS, v3Vector } from "./gen-vectors/v3.mjs";

const checkOnly = process.argv.includes("--check");
// ASCII-only JSON (\uXXXX escapes): no editor or tool can re-normalise the unicode inputs of a frozen vector.
const serialise = (vector) =>
  `${JSON.stringify(vector, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
let mismatches = 0;
const all = [
  ...V1_VECTORS.map((x) => [x, v1Vector]),
  ...V2_VECTORS.map((x) => [x, v2Vector]),
  ...V3_VECTORS.map((x) => [x, v3Vector]),
];
for (const [v, make] of all) {
  const path = `test/vectors/${v.name}.json`;
  if (checkOnly) {
    const same = existsSync(path) && readFileSync(path, "utf8") === serialise(await make(v));
    mismatches += Number(!same);
    console.log(`${same ? "same" : "DIFFERS"} ${path}`);
  } else if (existsSync(path)) {
    console.log(`kept ${path} (frozen)`);
  } else {
    const vector = await make(v);
    writeFileSync(path, serialise(vector));
    const body = vector.outputs.body ?? vector.note?.outputs.body;
    console.log(`wrote ${path}${body ? ` (${Buffer.from(body, "base64url").length} body bytes)` : ""}`);
  }
}
if (mismatches) process.exit(1);

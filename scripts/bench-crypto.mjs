// Crypto benchmark (figures printed, not asserted): PBKDF2 at 600,000 iterations, seal/open throughput beside raw
// node:crypto AES-256-GCM on the same bytes, and sealStream/openStream at 100 MiB in 64 KiB chunks (as a Node file stream). Finishes by itself in well under two minutes. Usage: node scripts/bench-crypto.mjs
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { importCrypto } from "./crypto-bundle.mjs";

const c = await importCrypto("crypto-bench");
const SIZES = [
  ["1 KiB", 1024],
  ["1 MiB", 1024 * 1024],
  ["10 MiB", 10 * 1024 * 1024],
];
const BUDGET_MS = 1500;

/** Runs `fn` repeatedly (after one warm-up) until the budget is spent; returns the mean ms per call. */
async function time(fn, budget = BUDGET_MS) {
  await fn();
  let runs = 0;
  const start = performance.now();
  do {
    await fn();
    runs++;
  } while (performance.now() - start < budget);
  return (performance.now() - start) / runs;
}

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const fmt = (n) => n.toFixed(n >= 100 ? 0 : 1).padStart(7);

const salt = randomBytes(16);
const pbkdf2 = await time(() => c.stretchPassword("correct horse battery staple", salt, c.DEFAULT_ITERATIONS), 3000);
console.log(
  `PBKDF2-HMAC-SHA256 ${c.DEFAULT_ITERATIONS.toLocaleString("en")} iterations: ${pbkdf2.toFixed(0)} ms (Web Crypto, Node ${process.versions.node})`,
);
console.log("");
console.log("size     seal MB/s   raw enc MB/s   ratio   open MB/s   raw dec MB/s   ratio   seal ms   open ms");

for (const [label, size] of SIZES) {
  const payload = {
    text: "",
    tabs: [],
    files: [{ name: "bench.bin", type: "application/octet-stream", bytes: new Uint8Array(randomBytes(size)) }],
  };
  const linkKey = c.generateLinkKey();
  // Link key only: the KDF is measured above, this measures the data path.
  const opts = { kind: "note", id: c.generateNoteId(), views: 1, ttl: 3600, linkKey };
  const sealed = await c.seal(payload, opts);
  const sealMs = await time(() => c.seal(payload, opts));
  const openMs = await time(() => c.open(sealed, { linkKey }));

  const key = randomBytes(32);
  const iv = randomBytes(12);
  const plain = payload.files[0].bytes;
  let tag;
  let ct;
  const rawEnc = await time(() => {
    const e = createCipheriv("aes-256-gcm", key, iv);
    ct = Buffer.concat([e.update(plain), e.final()]);
    tag = e.getAuthTag();
  });
  const rawDec = await time(() => {
    const d = createDecipheriv("aes-256-gcm", key, iv);
    d.setAuthTag(tag);
    Buffer.concat([d.update(ct), d.final()]);
  });
  const [s, re, o, rd] = [mbps(size, sealMs), mbps(size, rawEnc), mbps(size, openMs), mbps(size, rawDec)];
  console.log(
    `${label.padEnd(8)} ${fmt(s)}      ${fmt(re)}      ${(s / re).toFixed(2).padStart(5)}   ${fmt(o)}      ${fmt(rd)}      ${(o / rd).toFixed(2).padStart(5)}  ${sealMs.toFixed(2).padStart(8)}  ${openMs.toFixed(2).padStart(8)}`,
  );
}
console.log(
  "\nratio = hushnote / raw AES-256-GCM (seal and open include HKDF, key wrapping, the payload codec and 64 KiB records).",
);

const STREAM_SIZE = 100 * 1024 * 1024;
const CHUNK = 64 * 1024;
const big = new Uint8Array(randomBytes(STREAM_SIZE));
/** The file as a Node stream would hand it over: 64 KiB chunks. */
async function* chunks(bytes) {
  for (let offset = 0; offset < bytes.length; offset += CHUNK) yield bytes.subarray(offset, offset + CHUNK);
}
const streamOpts = { kind: "note", id: c.generateNoteId(), views: 1, ttl: 3600, linkKey: c.generateLinkKey() };
const streamPayload = () => ({
  text: "",
  tabs: [],
  files: [{ name: "big.bin", type: "application/octet-stream", size: STREAM_SIZE, chunks: chunks(big) }],
});
/** Seals the 100 MiB file as a stream; keeps the body only when asked (for the open run). */
async function sealBig(keep) {
  const sealed = await c.sealStream(streamPayload(), streamOpts);
  const pieces = [];
  for await (const piece of sealed.body) if (keep) pieces.push(piece);
  return { sealed, body: Buffer.concat(pieces) };
}
const streamSealMs = await time(() => sealBig(false), 1);
const { sealed: sealedStream, body: sealedBody } = await sealBig(true);
const unlocked = await c.unlock(sealedStream.header, { linkKey: streamOpts.linkKey });
const streamOpenMs = await time(async () => {
  let bytes = 0;
  for await (const event of c.openStream(unlocked, sealedStream.wrappedKey, chunks(sealedBody)))
    if (event.kind === "data") bytes += event.bytes.length;
  if (bytes !== STREAM_SIZE) throw new Error("openStream lost bytes");
}, 1);
console.log(
  `\nstreamed 100 MiB (64 KiB chunks in, records out, ${c.RECORDS_PER_PART} records per part): sealStream ${mbps(STREAM_SIZE, streamSealMs).toFixed(0)} MB/s, openStream ${mbps(STREAM_SIZE, streamOpenMs).toFixed(0)} MB/s`,
);

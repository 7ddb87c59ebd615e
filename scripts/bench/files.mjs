// The files the bench sends: random bytes on disk (the CLI and Chromium both read from disk), with their SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MIB = 1024 * 1024;

/** A scratch directory for the run's files; remove() deletes it and everything in it. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "hushnote-bench-files-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `size` random bytes at `dir/name`: up to 1 MiB fresh random, beyond that one random MiB repeated with each copy's
 * index written at its start (ciphertext is random either way; this only saves generating 100 MiB of randomness).
 */
export function writeRandomFile(dir, name, size) {
  const path = join(dir, name);
  const block = randomBytes(Math.min(size, MIB));
  const hash = createHash("sha256");
  const fd = openSync(path, "w");
  try {
    for (let at = 0, i = 0; at < size; at += block.length, i++) {
      if (size > MIB) block.writeBigUInt64BE(BigInt(i), 0);
      const piece = block.subarray(0, Math.min(block.length, size - at));
      writeSync(fd, piece);
      hash.update(piece);
    }
  } finally {
    closeSync(fd);
  }
  return { path, name, size, sha256: hash.digest("hex") };
}

/** SHA-256 (hex) of a file on disk, read as a stream. */
export function sha256File(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

/** A size for people: 1 KiB, 25 MiB. */
export function sizeLabel(bytes) {
  return bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / 1024} KiB`;
}

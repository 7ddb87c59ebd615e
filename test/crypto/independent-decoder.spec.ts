// An independent format-v1 reader written only from docs/FORMAT.md with node:crypto's classic API. It imports nothing
// from crypto/: if it opens every frozen vector, the spec is complete enough for a third party.
import { createDecipheriv, createHash, hkdfSync, pbkdf2Sync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const RECORD_PLAIN = 65_536;
const RECORD_SEALED = RECORD_PLAIN + 16;

interface DecodedPayload { text: string; tabs: { title: string; text: string }[]; files: { name: string; type: string; bytes: string }[] }

/** AES-256-GCM open: ciphertext ‖ 16-byte tag (FORMAT §4, §5). Throws on a bad tag. */
function gcmOpen(key: Buffer, iv: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const d = createDecipheriv("aes-256-gcm", key, iv);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}

/** FORMAT §2–§6, start to finish. */
function decode(headerB64: string, wrappedKeyB64: string, body: Buffer, linkKey: Buffer | null, password: string | null) {
  const headerBytes = Buffer.from(headerB64, "base64url");
  const header = JSON.parse(headerBytes.toString("utf8"));
  if (header.v !== 1) throw new Error("unsupported version");
  // §3: PBKDF2-HMAC-SHA256 over UTF-8(NFC(P)).
  const stretched = header.kdf
    ? pbkdf2Sync(Buffer.from(password!.normalize("NFC"), "utf8"), Buffer.from(header.kdf.salt, "base64url"), header.kdf.iterations, 32, "sha256")
    : null;
  // §4: IKM = K ‖ S; HKDF-SHA256 with salt "hushnote/v1/hkdf" and info "hushnote/v1/{kek,auth}/<kind>/<id>".
  const ikm = Buffer.concat([...(header.link ? [linkKey!] : []), ...(stretched ? [stretched] : [])]);
  const hkdf = (label: string) => Buffer.from(hkdfSync("sha256", ikm, Buffer.from("hushnote/v1/hkdf"), Buffer.from(`hushnote/v1/${label}/${header.kind}/${header.id}`), 32));
  const kek = hkdf("kek");
  const authKey = hkdf("auth");
  const wrapped = Buffer.from(wrappedKeyB64, "base64url");
  const dek = gcmOpen(kek, wrapped.subarray(0, 12), wrapped.subarray(12), headerBytes);
  // §5: prefix ‖ records; nonce = prefix ‖ u32be(i); aad = 0x01 ‖ u8(len id) ‖ id ‖ u32be(i) ‖ final.
  const prefix = body.subarray(0, 8);
  const count = Math.ceil((body.length - 8) / RECORD_SEALED);
  const id = Buffer.from(header.id, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const index = Buffer.alloc(4);
    index.writeUInt32BE(i);
    const nonce = Buffer.concat([prefix, index]);
    const aad = Buffer.concat([Buffer.from([1, id.length]), id, index, Buffer.from([i === count - 1 ? 1 : 0])]);
    chunks.push(gcmOpen(dek, nonce, body.subarray(8 + i * RECORD_SEALED, 8 + (i + 1) * RECORD_SEALED), aad));
  }
  // §6: u32be(m) ‖ manifest JSON ‖ file bytes in manifest order.
  const plain = Buffer.concat(chunks);
  const m = plain.readUInt32BE(0);
  const manifest = JSON.parse(plain.subarray(4, 4 + m).toString("utf8"));
  let offset = 4 + m;
  const files = manifest.files.map((f: { name: string; type: string; size: number }) => {
    const bytes = plain.subarray(offset, offset + f.size).toString("base64url");
    offset += f.size;
    return { name: f.name, type: f.type, bytes };
  });
  expect(offset).toBe(plain.length);
  const payload: DecodedPayload = { text: manifest.text, tabs: manifest.tabs, files };
  return { header, payload, proof: authKey.toString("base64url"), verifier: createHash("sha256").update(authKey).digest("base64url") };
}

const DIR = new URL("../vectors/", import.meta.url);
const vectors = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort().map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")));

describe("an independent decoder written from docs/FORMAT.md alone", () => {
  it.each(vectors.map((v) => [v.name, v]))("opens %s and reproduces its proof and verifier", (_name, v) => {
    const { inputs, outputs } = v;
    const out = decode(outputs.header, outputs.wrappedKey, Buffer.from(outputs.body, "base64url"),
      inputs.linkKey ? Buffer.from(inputs.linkKey, "base64url") : null, inputs.password);
    expect(out.payload).toEqual(inputs.payload);
    expect(out.proof).toBe(outputs.proof);
    expect(out.verifier).toBe(outputs.verifier);
    expect(out.header).toMatchObject({ v: 1, kind: inputs.kind, id: inputs.id, views: inputs.views, ttl: inputs.ttl });
  });

  it("refuses a wrong password the way the spec says: the wrapped key's tag fails", () => {
    const v = vectors.find((x) => x.name === "v1-note-password-unicode");
    const precomposed = "Caf\u00e9 \u{1f511} \u043f\u0430\u0440\u043e\u043b\u044c";
    // NFC makes the precomposed spelling the same password; a different one fails.
    expect(decode(v.outputs.header, v.outputs.wrappedKey, Buffer.from(v.outputs.body, "base64url"), null, precomposed).payload).toEqual(v.inputs.payload);
    expect(() => decode(v.outputs.header, v.outputs.wrappedKey, Buffer.from(v.outputs.body, "base64url"), null, "Cafe")).toThrow(/authenticate/);
  });
});

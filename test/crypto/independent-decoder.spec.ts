// An independent reader of formats v1 and v2 written only from docs/FORMAT.md with node:crypto's classic API. It
// imports nothing from crypto/: if it opens every frozen vector, the spec is complete enough for a third party.
import { createDecipheriv, createHash, hkdfSync, pbkdf2Sync, timingSafeEqual } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const RECORD_PLAIN = 65_536;
const RECORD_SEALED = RECORD_PLAIN + 16;

interface DecodedPayload {
  text: string;
  tabs: { title: string; text: string }[];
  files: { name: string; type: string; bytes: string }[];
}
interface Asked {
  kind: string;
  id: string;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const u32be = (n: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n);
  return out;
};

/** AES-256-GCM open: ciphertext ‖ 16-byte tag (FORMAT §4, §5). Throws on a bad tag. */
function gcmOpen(key: Buffer, iv: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const d = createDecipheriv("aes-256-gcm", key, iv);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}

/** FORMAT §5.3: splits the records after `head` bytes and opens each with the reader's own i and final flag. */
function openRecords(
  body: Buffer,
  head: number,
  key: Buffer,
  nonce: (i: number) => Buffer,
  aad: (i: number, final: boolean) => Buffer,
): Buffer {
  const count = Math.ceil((body.length - head) / RECORD_SEALED);
  const chunks: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    chunks.push(
      gcmOpen(
        key,
        nonce(i),
        body.subarray(head + i * RECORD_SEALED, head + (i + 1) * RECORD_SEALED),
        aad(i, i === count - 1),
      ),
    );
  }
  return Buffer.concat(chunks);
}

/** FORMAT §6: u32be(m) ‖ manifest JSON ‖ file bytes in manifest order. */
function decodePayload(plain: Buffer): DecodedPayload {
  const m = plain.readUInt32BE(0);
  const manifest = JSON.parse(plain.subarray(4, 4 + m).toString("utf8"));
  let offset = 4 + m;
  const files = manifest.files.map((f: { name: string; type: string; size: number }) => {
    const bytes = plain.subarray(offset, offset + f.size).toString("base64url");
    offset += f.size;
    return { name: f.name, type: f.type, bytes };
  });
  expect(offset).toBe(plain.length);
  return { text: manifest.text, tabs: manifest.tabs, files };
}

/** FORMAT §2–§7, start to finish, for both versions. */
function decode(
  headerB64: string,
  wrappedKeyB64: string,
  body: Buffer,
  linkKey: Buffer | null,
  password: string | null,
  asked: Asked,
) {
  const headerBytes = Buffer.from(headerB64, "base64url");
  const header = JSON.parse(headerBytes.toString("utf8"));
  const v: number = header.v;
  if (v !== 1 && v !== 2) throw new Error("unsupported version");
  // §7 rule 6: the header is the note or notepad the reader asked for.
  if (header.kind !== asked.kind || header.id !== asked.id) throw new Error("header mismatch");
  const label = (purpose: string) => Buffer.from(`hushnote/v${v}/${purpose}/${header.kind}/${header.id}`);
  let stretched: Buffer | null = null;
  if (header.kdf) {
    // §7 rules 7 and 8: iterations floor per version; a v2 note's salt is SHA-256("hushnote/v2/salt/note/" ‖ id)[0..16).
    if (header.kdf.iterations < (v === 1 ? 310_000 : 600_000) || header.kdf.iterations > 10_000_000)
      throw new Error("unsupported iterations");
    const salt = Buffer.from(header.kdf.salt, "base64url");
    if (v === 2 && header.kind === "note" && !salt.equals(sha256(`hushnote/v2/salt/note/${header.id}`).subarray(0, 16)))
      throw new Error("salt altered");
    // §3: PBKDF2-HMAC-SHA256 over UTF-8(NFC(P)).
    stretched = pbkdf2Sync(Buffer.from(password!.normalize("NFC"), "utf8"), salt, header.kdf.iterations, 32, "sha256");
  }
  // §4: IKM = K ‖ S; HKDF-SHA256 with salt "hushnote/v<v>/hkdf".
  const ikm = Buffer.concat([...(header.link ? [linkKey!] : []), ...(stretched ? [stretched] : [])]);
  const hkdf = (material: Buffer, purpose: string) =>
    Buffer.from(hkdfSync("sha256", material, Buffer.from(`hushnote/v${v}/hkdf`), label(purpose), 32));
  const kek = hkdf(ikm, "kek");
  const authKey = hkdf(ikm, "auth");
  let wrapped = Buffer.from(wrappedKeyB64, "base64url");
  let linkAuth: Buffer | null = null;
  if (v === 2) {
    // §4.2: wrappedKey = commit ‖ IV ‖ GCM; the commit is compared before AES-GCM runs.
    expect(wrapped.length).toBe(92);
    if (!timingSafeEqual(wrapped.subarray(0, 32), hkdf(ikm, "commit"))) throw new Error("key commitment mismatch");
    wrapped = wrapped.subarray(32);
    linkAuth = header.link ? hkdf(linkKey!, "link") : null;
  }
  const dek = gcmOpen(kek, wrapped.subarray(0, 12), wrapped.subarray(12), headerBytes);
  const id = Buffer.from(header.id, "utf8");
  let plain: Buffer;
  let bodyVersion: number | null = null;
  if (v === 1) {
    // §5.1: prefix ‖ records; nonce = prefix ‖ u32be(i); aad = 0x01 ‖ u8(len id) ‖ id ‖ u32be(i) ‖ final.
    const prefix = body.subarray(0, 8);
    plain = openRecords(
      body,
      8,
      dek,
      (i) => Buffer.concat([prefix, u32be(i)]),
      (i, final) => Buffer.concat([Buffer.from([1, id.length]), id, u32be(i), Buffer.from([final ? 1 : 0])]),
    );
  } else {
    // §5.2: u32be(bodyVersion) ‖ bodySalt ‖ records under BK = HKDF(DEK, bodySalt, "hushnote/v2/body/<kind>/<id>/<version>").
    const version = body.readUInt32BE(0);
    if (header.kind === "note" && version !== 0) throw new Error("a note's body version is 0");
    const bk = Buffer.from(
      hkdfSync(
        "sha256",
        dek,
        body.subarray(4, 36),
        Buffer.from(`hushnote/v2/body/${header.kind}/${header.id}/${version}`),
        32,
      ),
    );
    plain = openRecords(
      body,
      36,
      bk,
      (i) => Buffer.concat([Buffer.alloc(8), u32be(i)]),
      (i, final) =>
        Buffer.concat([Buffer.from([2, id.length]), id, u32be(version), u32be(i), Buffer.from([final ? 1 : 0])]),
    );
    bodyVersion = version;
  }
  return {
    header,
    payload: decodePayload(plain),
    bodyVersion,
    proof: authKey.toString("base64url"),
    verifier: sha256(authKey).toString("base64url"),
    linkProof: linkAuth?.toString("base64url") ?? null,
    linkVerifier: linkAuth ? sha256(linkAuth).toString("base64url") : null,
  };
}

/** The parts of a vector file (docs/FORMAT.md §11) this decoder reads. */
interface RawVector {
  name: string;
  format: 1 | 2;
  inputs: {
    kind: string;
    id: string;
    views: number | null;
    ttl: number | null;
    linkKey: string | null;
    password: string | null;
    bodyVersion?: number;
    payload: DecodedPayload;
  };
  intermediate: { headerJson: string; salt: string | null; commit?: string };
  outputs: {
    header: string;
    wrappedKey: string;
    body: string;
    proof: string;
    verifier: string;
    linkProof?: string | null;
    linkVerifier?: string | null;
  };
}

const DIR = new URL("../vectors/", import.meta.url);
const vectors: RawVector[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")));
function byName(name: string): RawVector {
  const found = vectors.find((x) => x.name === name);
  if (!found) throw new Error(`no vector ${name}`);
  return found;
}
const run = (v: RawVector, changes: { header?: string; wrappedKey?: string; password?: string; asked?: Asked } = {}) =>
  decode(
    changes.header ?? v.outputs.header,
    changes.wrappedKey ?? v.outputs.wrappedKey,
    Buffer.from(v.outputs.body, "base64url"),
    v.inputs.linkKey ? Buffer.from(v.inputs.linkKey, "base64url") : null,
    changes.password ?? v.inputs.password,
    changes.asked ?? { kind: v.inputs.kind, id: v.inputs.id },
  );
const rewriteHeader = (v: RawVector, edit: (json: string) => string) =>
  Buffer.from(edit(v.intermediate.headerJson)).toString("base64url");

describe("an independent decoder written from docs/FORMAT.md alone", () => {
  it("has v1 and v2 vectors to read", () => {
    expect(vectors.filter((v) => v.format === 1)).toHaveLength(6);
    expect(vectors.filter((v) => v.format === 2)).toHaveLength(6);
  });

  it.each(vectors.map((v) => [v.name, v] as const))(
    "opens %s and reproduces its proofs, verifiers and body version",
    (_name, v) => {
      const { inputs, outputs } = v;
      const out = run(v);
      expect(out.payload).toEqual(inputs.payload);
      expect(out.proof).toBe(outputs.proof);
      expect(out.verifier).toBe(outputs.verifier);
      expect(out.header).toMatchObject({
        v: v.format,
        kind: inputs.kind,
        id: inputs.id,
        views: inputs.views,
        ttl: inputs.ttl,
      });
      expect(out.bodyVersion).toBe(v.format === 1 ? null : inputs.bodyVersion);
      expect(out.linkProof).toBe(outputs.linkProof ?? null);
      expect(out.linkVerifier).toBe(outputs.linkVerifier ?? null);
      if (v.format === 2)
        expect(Buffer.from(outputs.wrappedKey, "base64url").subarray(0, 32).toString("base64url")).toBe(
          v.intermediate.commit,
        );
    },
  );

  it("refuses a wrong password the way the spec says: v1 at the wrapped key's tag, v2 already at the commitment", () => {
    const precomposed = "Caf\u00e9 \u{1f511} \u043f\u0430\u0440\u043e\u043b\u044c";
    for (const [name, failure] of [
      ["v1-note-password-unicode", /authenticate/],
      ["v2-note-password-unicode", /commitment/],
    ] as const) {
      // NFC makes the precomposed spelling the same password; a different one fails.
      expect(run(byName(name), { password: precomposed }).payload).toEqual(byName(name).inputs.payload);
      expect(() => run(byName(name), { password: "Cafe" })).toThrow(failure);
    }
  });

  it("refuses a v2 note header whose salt is not derived from its id, and one below 600,000 iterations", () => {
    const v = byName("v2-note-password-unicode");
    expect(() =>
      run(v, { header: rewriteHeader(v, (j) => j.replace(`${v.intermediate.salt}`, "AAAAAAAAAAAAAAAAAAAAAA")) }),
    ).toThrow(/salt altered/);
    expect(() => run(v, { header: rewriteHeader(v, (j) => j.replace("600000", "310000")) })).toThrow(/unsupported/);
  });

  it("refuses a header for another id than the one asked for", () => {
    const v = byName("v2-pad-password-version");
    expect(() => run(v, { asked: { kind: "pad", id: "other-pad" } })).toThrow(/mismatch/);
  });
});

// A reader of formats v1 and v2 from docs/FORMAT.md alone, with node:crypto: it must never import from crypto/.
import { createDecipheriv, createHash, hkdfSync, pbkdf2Sync, timingSafeEqual } from "node:crypto";
import { expect } from "vitest";

const RECORD_PLAIN = 65_536;
const RECORD_SEALED = RECORD_PLAIN + 16;

export interface DecodedPayload {
  text: string;
  tabs: { title: string; text: string }[];
  files: { name: string; type: string; bytes: string }[];
}
export interface Asked {
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
export function decode(
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

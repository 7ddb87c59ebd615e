/** The plaintext codec: a JSON manifest (text, tabs, file metadata) followed by the files' bytes. */
import { concat, fromUtf8, hasExactKeys, isObject, u32be, utf8 } from "./bytes";
import { CorruptEnvelopeError, HushnoteCryptoError } from "./errors";

/** One attached file. */
export interface PayloadFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}
/** Everything a note or notepad holds. */
export interface Payload {
  text: string;
  tabs: { title: string; text: string }[];
  files: PayloadFile[];
}

/** The manifest at the start of every payload: text, tabs, and each file's metadata without its bytes. */
export interface Manifest {
  text: string;
  tabs: { title: string; text: string }[];
  files: { name: string; type: string; size: number }[];
}

const isString = (v: unknown): v is string => typeof v === "string";

/** Checks the manifest's shape exactly: a v1 reader accepts nothing it does not understand. */
function isManifest(m: unknown): m is Manifest {
  if (!isObject(m) || !hasExactKeys(m, ["text", "tabs", "files"]) || !isString(m.text)) return false;
  if (!Array.isArray(m.tabs) || !Array.isArray(m.files)) return false;
  const tabOk = (t: unknown) =>
    isObject(t) && hasExactKeys(t, ["title", "text"]) && isString(t.title) && isString(t.text);
  const fileOk = (f: unknown) =>
    isObject(f) &&
    hasExactKeys(f, ["name", "type", "size"]) &&
    isString(f.name) &&
    isString(f.type) &&
    Number.isSafeInteger(f.size) &&
    (f.size as number) >= 0;
  return m.tabs.every(tabOk) && m.files.every(fileOk);
}

/** The payload's prefix for `manifest`: u32be(JSON length) ‖ JSON; null when the manifest has the wrong shape. */
export function manifestPrefix(manifest: Manifest): Uint8Array | null {
  if (!isManifest(manifest)) return null;
  const json = utf8(JSON.stringify(manifest));
  return concat(u32be(json.length), json);
}

/** Parses manifest JSON bytes; throws CorruptEnvelopeError unless they are exactly a manifest of this format. */
export function parseManifest(json: Uint8Array): Manifest {
  let manifest: unknown;
  try {
    manifest = JSON.parse(fromUtf8(json, "payload manifest"));
  } catch {
    throw new CorruptEnvelopeError("payload manifest is not UTF-8 JSON");
  }
  if (!isManifest(manifest)) throw new CorruptEnvelopeError("payload manifest has the wrong shape");
  return manifest;
}

/** Copies only the manifest's own fields, in the canonical order, so stray properties never reach the JSON. */
export const manifestOf = (p: Pick<Manifest, "text" | "tabs">, files: Manifest["files"]): Manifest => ({
  text: p.text,
  tabs: p.tabs?.map?.((t) => ({ title: t?.title, text: t?.text })),
  files,
});

/** Encodes a payload: u32be(manifest length) ‖ manifest JSON ‖ each file's bytes in manifest order. */
export function encodePayload(p: Payload): Uint8Array {
  const files = Array.isArray(p?.files) ? p.files : null;
  if (!files || files.some((f) => !(f?.bytes instanceof Uint8Array)))
    throw new HushnoteCryptoError("payload files must carry Uint8Array bytes");
  const prefix = manifestPrefix(
    manifestOf(
      p,
      files.map((f) => ({ name: f.name, type: f.type, size: f.bytes.length })),
    ),
  );
  if (!prefix)
    throw new HushnoteCryptoError("payload must have text, tabs of {title, text} and files of {name, type, bytes}");
  return concat(prefix, ...files.map((f) => f.bytes));
}

/** Decodes a payload; throws CorruptEnvelopeError unless the bytes are exactly one well-formed payload. */
export function decodePayload(b: Uint8Array): Payload {
  if (!(b instanceof Uint8Array) || b.length < 4) throw new CorruptEnvelopeError("payload is too short");
  const length = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, false);
  if (length > b.length - 4) throw new CorruptEnvelopeError("payload manifest length exceeds the payload");
  const manifest = parseManifest(b.subarray(4, 4 + length));
  const total = manifest.files.reduce((sum, f) => sum + f.size, 4 + length);
  if (total !== b.length) throw new CorruptEnvelopeError("payload file sizes do not add up to the payload length");
  let offset = 4 + length;
  const files = manifest.files.map((f) => {
    // Views, not copies: a 25 MiB attachment should not be held twice.
    const bytes = b.subarray(offset, offset + f.size);
    offset += f.size;
    return { name: f.name, type: f.type, bytes };
  });
  return { text: manifest.text, tabs: manifest.tabs.map((t) => ({ title: t.title, text: t.text })), files };
}

/** The three-record note the v1 and v2 tamper specs attack, with the byte surgery they share. */
import { expect } from "vitest";
import { type Payload, type Sealed, seal } from "../../crypto/index";
import { filler } from "./helpers";

/** One sealed record: 64 KiB of plaintext and its GCM tag. */
export const RECORD = 65_536 + 16;
export const ID = "tamperTAMPERtamperTAMQ";
export const OTHER_ID = "otherOTHERotherOTHERoA";
// ~2.3 records of plaintext, so there are full, partial, first, middle and last records to attack.
export const PAYLOAD: Payload = {
  text: "attack at dawn",
  tabs: [],
  files: [{ name: "f", type: "", bytes: filler(150_000, 7) }],
};
export const KEY = filler(32, 1);
/** What a v2 reader of the target asks for. */
export const ASKED = { kind: "note", id: ID, minVersion: 2 } as const;
/** Bytes before the first record: v1 has an 8-byte nonce prefix; v2 a body version and a 32-byte body salt. */
export const HEAD_V1 = 8;
export const HEAD_V2 = 36;

/** The sealed records after the body's first `head` bytes. */
export const records = (body: Uint8Array, head: number) => {
  const out: Uint8Array[] = [];
  for (let at = head; at < body.length; at += RECORD) out.push(body.subarray(at, at + RECORD));
  return out;
};
export const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
export const json = (header: string) => Buffer.from(header, "base64url").toString();
export const b64 = (text: string) => Buffer.from(text).toString("base64url");

/** Seals the target note (link key only, one view, an hour) in `version`, checking it spans three records. */
export async function sealTarget(version: 1 | 2): Promise<Sealed> {
  const sealed = await seal(PAYLOAD, { kind: "note", id: ID, views: 1, ttl: 3600, linkKey: KEY, version });
  expect(records(sealed.body, version === 1 ? HEAD_V1 : HEAD_V2)).toHaveLength(3);
  return sealed;
}

/** The requests that save a notepad: sealing its first body at a free address, or the next one over an opened pad. */
import { fromBase64Url } from "../../../crypto/base64url";
import { decodeHeader, type Payload, reseal, rewrap, seal, WRITE_VERSION } from "../../../crypto/index";
import type { Config, PadPut } from "../../../protocol/index";
import { writerIterations } from "./iterations";
import type { OpenedPad } from "./pad-open";
import type { PadPutOptions } from "./pads";
import { resolvePassword } from "./password";

/**
 * The save request for an existing notepad at `opened.version`. v2: a fresh body sealed for version + 1 (the version
 * the server assigns), no rollback below it. v1: under the same data key, or moved to v2 once this release writes v2
 * (a fresh data key, same password and salt). KDF parameters below the instance default are upgraded (same password).
 */
export async function saveRequest(
  opened: OpenedPad,
  slug: string,
  payload: Payload,
  config: Config,
): Promise<PadSaveRequest> {
  const { header, unlocked, wrappedKey, version, password } = opened;
  const bodyVersion = version + 1;
  const base = { version, proof: unlocked.proof, ...(opened.device ? { device: opened.device } : {}) };
  if (header.v === 1 && WRITE_VERSION !== 1) {
    const salt = fromBase64Url(header.kdf?.salt ?? "") ?? undefined;
    const iterations = writerIterations(config, WRITE_VERSION, header.kdf?.iterations);
    const sealed = await seal(payload, {
      kind: "pad",
      id: slug,
      views: null,
      ttl: null,
      linkKey: null,
      password,
      iterations,
      salt,
      version: WRITE_VERSION,
      bodyVersion,
    });
    return {
      put: { ...base, header: sealed.header, wrappedKey: sealed.wrappedKey, verifier: sealed.verifier },
      body: sealed.body,
      bodyVersion,
    };
  }
  const v2 = header.v !== 1;
  const body = await reseal(unlocked, wrappedKey, payload, v2 ? { bodyVersion } : {});
  const put: PadPut = { ...base, header: unlocked.headerB64, wrappedKey };
  const iterations = writerIterations(config, header.v, header.kdf?.iterations);
  if (iterations === header.kdf?.iterations) return { put, body, bodyVersion: v2 ? bodyVersion : null };
  // DESIGN §1: old KDF parameters are upgraded to the instance default on the next save (same password, same DEK).
  const next = await rewrap(unlocked, wrappedKey, { linkKey: null, password, iterations });
  return {
    put: { ...put, header: next.header, wrappedKey: next.wrappedKey, verifier: next.verifier },
    body,
    bodyVersion: v2 ? bodyVersion : null,
  };
}

/** A notepad save: its fields (the Hushnote-Save header), its sealed body, and the body version it was sealed for. */
export interface PadSaveRequest {
  put: PadPut;
  body: Uint8Array;
  bodyVersion: number | null;
}

/** The request that creates a notepad at a free address. */
export async function createRequest(
  slug: string,
  text: string,
  options: PadPutOptions,
  config: Config,
): Promise<PadSaveRequest> {
  const password = await resolvePassword(options.password, `a new notepad needs a password`);
  const sealed = await seal(
    { text, tabs: [], files: [] },
    { kind: "pad", id: slug, views: null, ttl: null, linkKey: null, password, iterations: writerIterations(config) },
  );
  const put = { version: 0, header: sealed.header, wrappedKey: sealed.wrappedKey, verifier: sealed.verifier };
  return { put, body: sealed.body, bodyVersion: decodeHeader(sealed.header).v === 1 ? null : 1 };
}

/** The writer's setup shared by seal and sealStream: header, derived keys, DEK and wrapped key, in a fixed draw order. */
import { importDek } from "./body";
import { draw, type Random, systemRandom } from "./bytes";
import { type FormatVersion, IV_SIZE, KEY_SIZE, WRITE_VERSION } from "./constants";
import { linkPair, proofPair, protect } from "./envelope";
import { HushnoteCryptoError } from "./errors";
import type { Header } from "./header";
import { isReadableVersion } from "./header-v2";
import { bodyVersionProblem } from "./records-v2";
import type { Sealed, SealOptions } from "./seal";
import { wrapDek } from "./wrap";

/** The version a writer uses: the caller's choice or WRITE_VERSION. */
export function writeVersion(version: unknown): FormatVersion {
  if (version === undefined) return WRITE_VERSION;
  if (!isReadableVersion(version)) throw new HushnoteCryptoError("format version to write must be 1 or 2");
  return version;
}

/** The writer's state before the body: the envelope fields, the imported DEK and the body version to seal for. */
export interface SealingKeys<T> {
  /** What `check` returned: the encoded payload, or the streamed payload's plaintext length. */
  checked: T;
  envelope: Omit<Sealed, "body">;
  header: Header;
  dek: CryptoKey;
  bodyVersion: number;
  random: Random;
}

/**
 * What seal and sealStream share. `check` validates the payload before PBKDF2 runs. Random draws, in order: link key
 * (if generated), salt (if drawn), DEK, wrap IV; the body's prefix or salt comes next, drawn by the caller.
 */
export async function sealingKeys<T>(opts: SealOptions, check: () => T): Promise<SealingKeys<T>> {
  const random = opts.random ?? systemRandom;
  const version = writeVersion(opts.version);
  const bodyVersion = opts.bodyVersion ?? (opts.kind === "note" ? 0 : 1);
  // Checked before PBKDF2 runs; v1 bodies carry no version.
  const problem = version === 1 ? null : bodyVersionProblem(opts, bodyVersion);
  if (problem) throw new HushnoteCryptoError(problem);
  const checked = check();
  const p = await protect(opts, { ...opts, random, version }, opts.kind === "note");
  const dekBytes = draw(random, KEY_SIZE);
  const wrappedKey = await wrapDek(p, dekBytes, draw(random, IV_SIZE));
  const dek = await importDek(dekBytes, p.header);
  const { linkVerifier } = await linkPair(p.linkAuth);
  const envelope = {
    header: p.headerB64,
    wrappedKey,
    ...(await proofPair(p.authKey)),
    linkVerifier,
    linkKey: p.linkKey,
  };
  return { checked, envelope, header: p.header, dek, bodyVersion, random };
}

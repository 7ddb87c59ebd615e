/** What a reader checks about a header beyond its syntax (header.ts): who asked for it, its salt and its KDF floor. */
import { fromBase64Url, toBase64Url } from "./base64url";
import { utf8 } from "./bytes";
import {
  type FormatVersion,
  MAX_ITERATIONS,
  MIN_ITERATIONS,
  MIN_ITERATIONS_V2,
  READ_VERSIONS,
  SALT_SIZE,
} from "./constants";
import { CorruptEnvelopeError, HeaderMismatchError, type HushnoteCryptoError, UnsupportedVersionError } from "./errors";
import type { Header } from "./header";
import { sha256 } from "./kdf";

/**
 * What the user asked for, taken from their own link or the address they typed, never from a server answer. `minVersion`
 * comes from a link marker or from what this client remembers (a notepad it has seen in v2 must never come back as v1).
 */
export interface Expected {
  kind: "note" | "pad";
  id: string;
  minVersion?: FormatVersion;
}

/** True for a format version this module reads. */
export const isReadableVersion = (v: unknown): v is FormatVersion => (READ_VERSIONS as readonly unknown[]).includes(v);

/** The PBKDF2 floor of a format version: v1 readers keep 310,000; v2 writers and readers need 600,000. */
export const iterationFloor = (v: FormatVersion): number => (v === 1 ? MIN_ITERATIONS : MIN_ITERATIONS_V2);

/** Throws `Failure` unless `iterations` is within [floor, MAX_ITERATIONS]. */
export function checkIterations(iterations: number, floor: number, Failure: typeof HushnoteCryptoError): void {
  if (!Number.isSafeInteger(iterations) || iterations < floor || iterations > MAX_ITERATIONS) {
    throw new Failure(`PBKDF2 iterations must be between ${floor} and ${MAX_ITERATIONS} (got ${iterations})`);
  }
}

/**
 * The v2 salt of a note: the first 16 bytes of SHA-256(UTF-8("hushnote/v2/salt/note/" ‖ id)). The id is 16 random bytes
 * the writer chose and the reader takes from its own link, so no server and no precomputed table can pick this salt.
 */
export async function noteSalt(id: string): Promise<Uint8Array> {
  return (await sha256(utf8(`hushnote/v2/salt/note/${id}`))).slice(0, SALT_SIZE);
}

/** Refuses a header that is not the note or notepad the user asked for, or an older format than they were promised. */
export function checkExpected(header: Header, expect: Expected | undefined): void {
  if (expect === undefined) return;
  if (header.kind !== expect.kind || header.id !== expect.id) {
    throw new HeaderMismatchError(
      `the server sent the header of ${header.kind} "${header.id}", not of the ${expect.kind} "${expect.id}" you asked for`,
    );
  }
  if (expect.minVersion !== undefined && header.v < expect.minVersion) {
    throw new HeaderMismatchError(
      `the server sent a format v${header.v} header where v${expect.minVersion} or newer was promised (a downgrade)`,
    );
  }
}

/** Refuses a v2 note header whose salt is not the one derived from its id: only the server could have changed it. */
export async function checkNoteSalt(header: Header): Promise<void> {
  if (header.v === 1 || header.kind !== "note" || header.kdf === null) return;
  const expected = toBase64Url(await noteSalt(header.id));
  if (header.kdf.salt !== expected) {
    throw new CorruptEnvelopeError(
      "the note's password salt is not the one derived from its id: the server altered the salt",
    );
  }
}

/** The salt bytes of a header's KDF parameters. */
export function saltOf(header: Header): Uint8Array | null {
  return header.kdf && (fromBase64Url(header.kdf.salt) ?? null);
}

/** What the reader brings to the header checks: what it asked for, whether it holds a link key, and a test-only floor. */
export interface HeaderCheck {
  expect?: Expected;
  holdsLinkKey?: boolean;
  minIterations?: number;
}

/**
 * Every check a reader makes before deriving anything from its secrets (docs/FORMAT.md §7, rules 6–9): the header is
 * what was asked for, its iterations are within bounds, a v2 note's salt is derived from its id, and a v2 header does
 * not drop a link key the reader holds. `unlock` runs it; a page that stretches a password elsewhere runs it first.
 */
export async function checkHeader(header: Header, check: HeaderCheck = {}): Promise<void> {
  checkExpected(header, check.expect);
  if (header.kdf)
    checkIterations(header.kdf.iterations, check.minIterations ?? iterationFloor(header.v), UnsupportedVersionError);
  await checkNoteSalt(header);
  // A proof derived without the link key would be an offline password oracle for the server, whatever the version:
  // a server could otherwise answer a v2 link's id with a v1 password-only header and a salt of its choosing.
  if (!header.link && check.holdsLinkKey) {
    throw new HeaderMismatchError(
      "your link carries a key but the header says none is needed: the server altered the header",
    );
  }
}

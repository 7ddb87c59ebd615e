/** One open notepad: its public header, the keys derived from the password, and every server call (no DOM). */
import { decodeHeader, type Header, type Payload } from "../../../crypto/index";
import { fromBase64Url, toBase64Url } from "../../../crypto/base64url";
import { deletePad, openPad, padStatus, putPad } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import type { Config, PadOpened, PadPut, PadStatus } from "../../../protocol/wire";
import { decryptNote, resealPad, rewrapPad, sealNote, stretch, unlockNote } from "../../shared/crypto-client";
import type { Unlocked } from "../../shared/crypto-protocol";

const empty = (): Payload => ({ text: "", tabs: [], files: [] });

/** New pad secrets: a fresh salt and the password stretched once, reused to seal/rewrap and then to unlock. */
interface Fresh { linkKey: null; stretched: Uint8Array; salt: Uint8Array; iterations: number }

async function freshSecrets(password: string, iterations: number): Promise<Fresh> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { linkKey: null, stretched: await stretch(password, salt, iterations), salt, iterations };
}

const padOptions = (slug: string, secrets: Fresh) => ({ kind: "pad" as const, id: slug, views: null, ttl: null, ...secrets });

/** Thrown when the body the server sent does not decode; never shown as an empty pad. */
export class DamagedError extends Error {}

/**
 * An unlocked notepad. The password stays in this object's memory while the page is open: a KDF upgrade on save and
 * "re-encrypt" both need it, and the page never writes it anywhere.
 */
export class PadSession {
  private constructor(
    readonly slug: string,
    private readonly config: Config,
    private password: string,
    private unlocked: Unlocked,
    private wrappedKey: string,
    /** The version the editor's text is based on. */
    public version: number,
  ) {}

  get header(): Header { return this.unlocked.header; }

  /** Whether the stored KDF parameters are below the instance default (upgraded on the next save). */
  get needsUpgrade(): boolean { return (this.header.kdf?.iterations ?? 0) < this.config.defaultKdfIterations; }

  /** Creates the pad at a free address (version 0 → 1) with one empty tab's worth of payload. */
  static async create(slug: string, config: Config, password: string): Promise<PadSession> {
    const secrets = await freshSecrets(password, config.defaultKdfIterations);
    const sealed = await sealNote(empty(), padOptions(slug, secrets));
    const { header, wrappedKey, verifier } = sealed;
    const { version } = await putPad(SAME_ORIGIN, slug, { version: 0, header, wrappedKey, verifier, body: toBase64Url(sealed.body) });
    return new PadSession(slug, config, password, await unlockNote(header, { stretched: secrets.stretched }), wrappedKey, version);
  }

  /** Derives the proof from the password (PBKDF2 in the worker), opens and decrypts the latest version. */
  static async open(status: PadStatus, config: Config, password: string): Promise<{ session: PadSession; payload: Payload }> {
    const unlocked = await unlockNote(status.header, { password });
    const opened = await openPad(SAME_ORIGIN, status.slug, { proof: unlocked.proof });
    const session = new PadSession(status.slug, config, password, unlocked, opened.wrappedKey, opened.version);
    return { session, payload: await session.decryptBody(opened) };
  }

  /** The latest version from the server (after a 409), re-deriving keys if its header changed meanwhile. */
  async latest(): Promise<{ payload: Payload; version: number }> {
    const status = await padStatus(SAME_ORIGIN, this.slug);
    if (!status) throw new ApiError(404, "This notepad was deleted elsewhere.", {}, null);
    const unlocked = status.header === this.unlocked.headerB64 ? this.unlocked : await unlockNote(status.header, { password: this.password });
    const opened = await openPad(SAME_ORIGIN, this.slug, { proof: unlocked.proof });
    const payload = await decryptNote(unlocked, opened.wrappedKey, bytesOf(opened.body));
    this.unlocked = unlocked;
    this.wrappedKey = opened.wrappedKey;
    return { payload, version: opened.version };
  }

  /**
   * Saves a payload on top of `version` (409 → ApiError). Stored KDF parameters below the instance default are
   * upgraded in the same request: the same data key re-wrapped under fresh salt and the default iterations.
   */
  async save(payload: Payload, version = this.version): Promise<{ upgraded: boolean }> {
    const body = toBase64Url(await resealPad(this.unlocked, this.wrappedKey, payload));
    if (body.length * 0.75 > this.config.maxBodyBytes) throw new ApiError(413, "Too large for this server once encrypted.", {}, null);
    let request: PadPut = { version, header: this.unlocked.headerB64, wrappedKey: this.wrappedKey, body, proof: this.unlocked.proof };
    const upgraded = this.needsUpgrade;
    let secrets: Fresh | null = null;
    if (upgraded) {
      secrets = await freshSecrets(this.password, this.config.defaultKdfIterations);
      const next = await rewrapPad(this.unlocked, this.wrappedKey, secrets);
      request = { ...request, header: next.header, wrappedKey: next.wrappedKey, verifier: next.verifier };
    }
    const saved = await putPad(SAME_ORIGIN, this.slug, request);
    if (secrets) await this.adopt(request.header, request.wrappedKey, this.password, secrets);
    this.version = saved.version;
    return { upgraded };
  }

  /** Password change: the same data key re-wrapped for the new password; no body is sent. */
  async changePassword(next: string): Promise<void> {
    const secrets = await freshSecrets(next, this.config.defaultKdfIterations);
    const wrapped = await rewrapPad(this.unlocked, this.wrappedKey, secrets);
    const saved = await putPad(SAME_ORIGIN, this.slug, {
      version: this.version, header: wrapped.header, wrappedKey: wrapped.wrappedKey, verifier: wrapped.verifier, proof: this.unlocked.proof,
    });
    await this.adopt(wrapped.header, wrapped.wrappedKey, next, secrets);
    this.version = saved.version;
  }

  /** Re-key: the payload sealed under a fresh data key and salt (same password), saved with the old proof. */
  async rekey(payload: Payload): Promise<void> {
    const secrets = await freshSecrets(this.password, this.config.defaultKdfIterations);
    const sealed = await sealNote(payload, padOptions(this.slug, secrets));
    const { header, wrappedKey, verifier } = sealed;
    const saved = await putPad(SAME_ORIGIN, this.slug, {
      version: this.version, header, wrappedKey, verifier, body: toBase64Url(sealed.body), proof: this.unlocked.proof,
    });
    await this.adopt(header, wrappedKey, this.password, secrets);
    this.version = saved.version;
  }

  /** Deletes the pad (its key first, then its body). */
  async remove(): Promise<void> {
    await deletePad(SAME_ORIGIN, this.slug, { proof: this.unlocked.proof });
  }

  private async adopt(header: string, wrappedKey: string, password: string, secrets: Fresh): Promise<void> {
    this.unlocked = await unlockNote(header, { stretched: secrets.stretched });
    this.wrappedKey = wrappedKey;
    this.password = password;
  }

  private decryptBody(opened: PadOpened): Promise<Payload> {
    return decryptNote(this.unlocked, opened.wrappedKey, bytesOf(opened.body));
  }
}

function bytesOf(body: string): Uint8Array {
  const bytes = fromBase64Url(body);
  if (!bytes) throw new DamagedError("The server sent a damaged notepad.");
  return bytes;
}

/** The header of a status, checked before any password is stretched for it. */
export function checkHeader(status: PadStatus): Header {
  const header = decodeHeader(status.header);
  if (header.kind !== "pad" || header.id !== status.slug) throw new DamagedError("This notepad's header does not match its address.");
  return header;
}

/** One open notepad's server calls: create, open, the latest after a conflict, save, re-key and delete (no DOM). */
import {
  ciphertextLength,
  comparePadMemory,
  decodeHeader,
  type FormatVersion,
  type PadChange,
  type Payload,
  RECORD_SIZE,
  WRITE_VERSION,
} from "../../../crypto/index";
import { deletePad, openPad, padStatus, putPad } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { randomKey } from "../../../protocol/request-shapes";
import type { Config, PadPut } from "../../../protocol/wire";
import { resealPad, rewrapPad, sealNote, unlockNote } from "../../shared/crypto-client";
import { empty, expectPad, type Fresh, padOptions, stretchWith, writerIterations } from "./keys";
import { deviceFor, forgetPad, keepDevice, rememberedPad } from "./memory";
import { SavingPad } from "./saving";

/** The pad's header changed, while it was open here, in a way that could be an attack (no proof was sent for it). */
export class AlarmingChangeError extends Error {
  constructor(readonly changes: PadChange[]) {
    super("This notepad's password settings changed in a way this browser did not expect.");
  }
}

/**
 * An unlocked notepad. The password stays in this object's memory while the page is open: a KDF upgrade on save,
 * "re-encrypt" and the conflict view need it, and the page never writes it anywhere. The salt stays the pad's for
 * life (password changes and upgrades keep it), so other browsers' memory of it keeps matching.
 */
export class PadSession extends SavingPad {
  /** Creates the pad at a free address (version 0 → 1) with one empty tab's worth of payload. */
  static async create(slug: string, config: Config, password: string): Promise<PadSession> {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const secrets = await stretchWith(password, salt, writerIterations(config, WRITE_VERSION, 0));
    const sealed = await sealNote(empty(), padOptions(slug, secrets));
    const { header, wrappedKey, verifier } = sealed;
    const saved = await putPad(SAME_ORIGIN, slug, { version: 0, header, wrappedKey, verifier }, sealed.body);
    // A new pad: whatever this browser knew about an earlier one at this address no longer applies.
    forgetPad(slug);
    keepDevice(slug, saved.device);
    const session = new PadSession(
      slug,
      config,
      password,
      await unlockNote(header, { stretched: secrets.stretched }, { expect: expectPad(slug) }),
      wrappedKey,
      saved.version,
    );
    session.remember(session.header.v === 1 ? null : 1);
    return session;
  }

  /**
   * Derives the proof from the password (PBKDF2 in the worker), opens and decrypts the latest version. The caller has
   * already compared the header with this browser's memory and had any alarming change accepted.
   */
  static async open(
    slug: string,
    headerB64: string,
    config: Config,
    password: string,
  ): Promise<{ session: PadSession; payload: Payload }> {
    const unlocked = await unlockNote(headerB64, { password }, { expect: expectPad(slug) });
    const opened = await openPad(SAME_ORIGIN, slug, { proof: unlocked.proof, device: deviceFor(slug) });
    keepDevice(slug, opened.meta.device);
    const { wrappedKey, version } = opened.meta;
    const session = new PadSession(slug, config, password, unlocked, wrappedKey, version);
    return { session, payload: await session.decryptBody(opened) };
  }

  /** The latest version from the server (after a 409), re-deriving keys if its header changed meanwhile. */
  async latest(): Promise<{ payload: Payload; version: number }> {
    const status = await padStatus(SAME_ORIGIN, this.slug);
    if (!status) throw new ApiError(404, "This notepad was deleted elsewhere.", {}, null);
    let unlocked = this.unlocked;
    if (status.header !== unlocked.headerB64) {
      // Compared before the password is stretched for the new header, as on opening.
      const { alarming, changes } = comparePadMemory(rememberedPad(this.slug), decodeHeader(status.header));
      if (alarming) throw new AlarmingChangeError(changes);
      unlocked = await unlockNote(status.header, { password: this.password }, { expect: expectPad(this.slug) });
    }
    const opened = await openPad(SAME_ORIGIN, this.slug, { proof: unlocked.proof, device: deviceFor(this.slug) });
    keepDevice(this.slug, opened.meta.device);
    const previous = this.unlocked;
    this.unlocked = unlocked;
    try {
      const payload = await this.decryptBody(opened);
      this.wrappedKey = opened.meta.wrappedKey;
      return { payload, version: opened.meta.version };
    } catch (error) {
      this.unlocked = previous;
      throw error;
    }
  }

  /**
   * Saves a payload on top of `version` (409 → ApiError); a v2 body is sealed as version + 1, so no server can pass
   * an older save off as newer. Stored KDF parameters below the instance default are upgraded in the same request:
   * the same data key re-wrapped for the same password and salt at the default iterations.
   */
  async save(payload: Payload, version = this.version): Promise<{ upgraded: boolean }> {
    version = await this.confirm(version);
    const bodyVersion = this.header.v === 1 ? null : version + 1;
    const body = await resealPad(this.unlocked, this.wrappedKey, payload, bodyVersion ?? undefined);
    // The server's own bound: a pad is one part of at most maxPadBytes of payload, with a record's room for the manifest.
    if (body.length > ciphertextLength(this.config.maxPadBytes + RECORD_SIZE, this.header.v))
      throw new ApiError(413, "Too large for this server once encrypted.", {}, null);
    const saveId = randomKey(16);
    let request: PadPut = {
      version,
      header: this.unlocked.headerB64,
      wrappedKey: this.wrappedKey,
      saveId,
      ...this.proofs(),
    };
    const upgraded = this.needsUpgrade;
    let secrets: Fresh | null = null;
    if (upgraded) {
      secrets = await stretchWith(
        this.password,
        this.salt(),
        writerIterations(this.config, this.header.v, this.iterations()),
      );
      const next = await rewrapPad(this.unlocked, this.wrappedKey, secrets);
      request = { ...request, header: next.header, wrappedKey: next.wrappedKey, verifier: next.verifier };
    }
    const save = { put: request, body, bodyVersion, secrets, password: this.password };
    await this.send(save);
    return { upgraded };
  }

  /**
   * Password change revokes: a fresh data key, the editor's content encrypted again under it, wrapped for the new
   * password. Whoever had the old password and an old wrapped key reads nothing saved from now on.
   */
  changePassword(next: string, payload: Payload): Promise<void> {
    return this.rekeyWith(next, payload);
  }

  /** Re-key with the same password: a fresh data key, so a leaked old data key reads nothing saved from now on. */
  rekey(payload: Payload): Promise<void> {
    return this.rekeyWith(this.password, payload);
  }

  /** Deletes the pad (its key first, then its body); this browser forgets the address. */
  async remove(): Promise<void> {
    await deletePad(SAME_ORIGIN, this.slug, this.proofs());
    forgetPad(this.slug);
  }

  /** The payload sealed under a fresh data key for `password` (same salt), saved with the old proof; never a downgrade. */
  private async rekeyWith(password: string, payload: Payload): Promise<void> {
    await this.confirm(this.version);
    const version = Math.max(this.header.v, WRITE_VERSION) as FormatVersion;
    const secrets = await stretchWith(password, this.salt(), writerIterations(this.config, version, this.iterations()));
    const bodyVersion = version === 1 ? undefined : this.version + 1;
    const sealed = await sealNote(payload, { ...padOptions(this.slug, secrets), version, bodyVersion });
    const { header, wrappedKey, verifier } = sealed;
    const put = { version: this.version, header, wrappedKey, verifier, saveId: randomKey(16), ...this.proofs() };
    const save = { put, body: sealed.body, bodyVersion: bodyVersion ?? null, secrets, password };
    await this.send(save);
  }
}

/** Sending a notepad's saves so that one whose answer was lost is confirmed, never mistaken for a conflict (no DOM). */
import { putPad } from "../../../protocol/api";
import { SAME_ORIGIN } from "../../../protocol/http";
import { transient } from "../../../protocol/retry";
import type { PadPut, PadSaved } from "../../../protocol/wire";
import type { Fresh } from "./keys";
import { keepDevice } from "./memory";
import { UnlockedPad } from "./unlocked";

/** One save as sent: its request (with its saveId), its body, and the new keys and password it brings, if any. */
export interface PadSave {
  put: PadPut;
  body: Uint8Array;
  bodyVersion: number | null;
  secrets: Fresh | null;
  password: string;
}

/** An unlocked notepad that remembers a save whose answer never came, and sends it again before anything newer. */
export abstract class SavingPad extends UnlockedPad {
  /** A save that may have been stored (no answer, or a 5xx, after the protocol's own retries). */
  private unconfirmed: PadSave | null = null;

  /** Whether a save waits to be confirmed. */
  get unconfirmedSave(): boolean {
    return this.unconfirmed !== null;
  }

  /** Sends the unconfirmed save again, if there is one on this version; true when it went through. */
  async resend(): Promise<boolean> {
    const waiting = this.unconfirmed !== null;
    const version = this.version;
    return waiting && (await this.confirm(version)) !== version;
  }

  /** Sends `save` and takes what it changed. */
  protected async send(save: PadSave): Promise<void> {
    await this.settle(save, await this.put(save));
  }

  /** Sends a save; one whose answer never came is kept, to be sent again, same saveId and bytes, before the next. */
  private async put(save: PadSave): Promise<PadSaved> {
    try {
      const saved = await putPad(SAME_ORIGIN, this.slug, save.put, save.body);
      this.unconfirmed = null;
      return saved;
    } catch (error) {
      // A refusal (409 included) stored nothing; only a save that may have been stored waits to be confirmed.
      this.unconfirmed = transient(error) ? save : null;
      throw error;
    }
  }

  /**
   * Sends the unconfirmed save again (the server answers it as saved if its first try was stored) and takes its
   * version, so the next save goes on top of it instead of running into it as a false "changed elsewhere". A save
   * meant for another base (the conflict view's) is left to its own compare-and-set.
   */
  protected async confirm(version: number): Promise<number> {
    const save = this.unconfirmed;
    if (!save) return version;
    if (save.put.version !== version) {
      this.unconfirmed = null;
      return version;
    }
    await this.settle(save, await this.put(save));
    return this.version;
  }

  /** What a save that went through changes here: the version, the keys it brought, the device, this browser's memory. */
  private async settle(save: PadSave, saved: PadSaved): Promise<void> {
    const { put, secrets, bodyVersion } = save;
    if (secrets) await this.adopt(put.header, put.wrappedKey, save.password, secrets, saved);
    else keepDevice(this.slug, saved.device);
    this.version = saved.version;
    this.remember(bodyVersion);
  }
}

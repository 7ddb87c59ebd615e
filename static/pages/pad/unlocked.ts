/** An unlocked notepad's state: its header and keys, the proofs it sends, and this browser's memory of it (no DOM). */
import { fromBase64Url } from "../../../crypto/base64url";
import { comparePadMemory, type Header, type PadMemory, type Payload } from "../../../crypto/index";
import type { Config, PadOpenMeta, PadSaved } from "../../../protocol/wire";
import { decryptVersioned, unlockNote } from "../../shared/crypto-client";
import type { Unlocked } from "../../shared/crypto-protocol";
import { DamagedError, expectPad, type Fresh } from "./keys";
import { deviceFor, dropDevice, keepDevice, rememberedPad, rememberPad } from "./memory";

/** Below this body version the server is rolling the pad back; only for the salt the memory was made with. */
function minBodyVersion(memory: PadMemory | null, header: Header): number | undefined {
  return memory && memory.salt === header.kdf?.salt ? (memory.bodyVersion ?? undefined) : undefined;
}

/** An unlocked notepad's keys and state; PadSession adds the server calls that create, open, save and re-key it. */
export abstract class UnlockedPad {
  protected constructor(
    readonly slug: string,
    protected readonly config: Config,
    protected password: string,
    protected unlocked: Unlocked,
    protected wrappedKey: string,
    /** The version the editor's text is based on. */
    public version: number,
  ) {}

  get header(): Header {
    return this.unlocked.header;
  }

  /** Whether the stored KDF parameters are below the instance default (upgraded on the next save). */
  get needsUpgrade(): boolean {
    return (this.header.kdf?.iterations ?? 0) < this.config.defaultKdfIterations;
  }

  /** Takes new keys after a request that replaced the verifier; the server revoked every device and may name a new one. */
  protected async adopt(
    header: string,
    wrappedKey: string,
    password: string,
    secrets: Fresh,
    saved: PadSaved,
  ): Promise<void> {
    dropDevice(this.slug);
    keepDevice(this.slug, saved.device);
    this.unlocked = await unlockNote(header, { stretched: secrets.stretched }, { expect: expectPad(this.slug) });
    this.wrappedKey = wrappedKey;
    this.password = password;
  }

  protected proofs(): { proof: string; device?: string } {
    return { proof: this.unlocked.proof, device: deviceFor(this.slug) };
  }

  protected salt(): Uint8Array {
    const salt = fromBase64Url(this.header.kdf?.salt ?? "");
    if (!salt) throw new DamagedError("This notepad's header has no usable salt.");
    return salt;
  }

  protected iterations(): number {
    return this.header.kdf?.iterations ?? 0;
  }

  /** Keeps this browser's memory of the pad up to date (the highest body version seen never goes down). */
  protected remember(bodyVersion: number | null): void {
    rememberPad(this.slug, comparePadMemory(rememberedPad(this.slug), this.header, bodyVersion).next);
  }

  /** Decrypts a body, refusing one older than this browser has seen (RollbackError), and remembers its version. */
  protected async decryptBody(opened: { meta: PadOpenMeta; body: Uint8Array }): Promise<Payload> {
    const { payload, bodyVersion } = await decryptVersioned(this.unlocked, opened.meta.wrappedKey, opened.body, {
      minBodyVersion: minBodyVersion(rememberedPad(this.slug), this.header),
    });
    this.remember(bodyVersion);
    return payload;
  }
}

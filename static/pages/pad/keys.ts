/** A notepad's secrets as plain functions: the password stretched with its salt, sealing options, iteration floors. */
import { type Expected, type FormatVersion, MIN_ITERATIONS_V2, type Payload } from "../../../crypto/index";
import type { Config } from "../../../protocol/wire";
import { stretch } from "../../shared/crypto-client";

export const empty = (): Payload => ({ text: "", tabs: [], files: [] });

/** The notepad the page's own address names: every header must be for it, whatever the server says it sent. */
export const expectPad = (slug: string): Expected => ({ kind: "pad", id: slug });

/** New pad secrets: the password stretched once, reused to seal/rewrap and then to unlock. */
export interface Fresh {
  linkKey: null;
  stretched: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

export async function stretchWith(password: string, salt: Uint8Array, iterations: number): Promise<Fresh> {
  return { linkKey: null, stretched: await stretch(password, salt, iterations), salt, iterations };
}

export const padOptions = (slug: string, secrets: Fresh) => ({
  kind: "pad" as const,
  id: slug,
  views: null,
  ttl: null,
  ...secrets,
});

/** Thrown when the body the server sent does not decode; never shown as an empty pad. */
export class DamagedError extends Error {}

/** Iterations for new secrets: never fewer than the pad has (other browsers would warn), the instance default, or v2's floor. */
export function writerIterations(config: Config, version: FormatVersion, current: number): number {
  return Math.max(current, config.defaultKdfIterations, version === 1 ? 0 : MIN_ITERATIONS_V2);
}

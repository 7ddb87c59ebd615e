/** Shared by the notepad specs: wrong proofs, client addresses, the limiter's window and answers read whole. */
import { toBase64Url } from "../../crypto/base64url";
import { randomBytes } from "./helpers";

/** A proof no password yields. */
export const wrong = () => toBase64Url(randomBytes(32));
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fresh client addresses in 198.18.<block>.0/24: one block per spec file, so files never share an address. */
export function addressesIn(block: number): () => string {
  let counter = 1;
  return () => `198.18.${block}.${counter++}`;
}

/** The emulated limiter counts in fixed 10 s windows; start a burst early in one so it cannot straddle two. */
export async function startOfWindow() {
  const left = 10_000 - (Date.now() % 10_000);
  if (left < 8_000) await sleep(left + 50);
}

export interface Answer {
  status: number;
  /** The JSON answer, or an open's Hushnote-Open header. */
  json: Record<string, unknown>;
  retryAfter: string | null;
  /** An open's body bytes; null for JSON answers. */
  body: Uint8Array | null;
}

/** A response read once: status, JSON (body, or an open's Hushnote-Open header), Retry-After and an open's body. */
export async function answer(response: Response): Promise<Answer> {
  const opened = response.headers.get("Hushnote-Open");
  const retryAfter = response.headers.get("Retry-After");
  if (opened === null) {
    return {
      status: response.status,
      json: (await response.json()) as Record<string, unknown>,
      retryAfter,
      body: null,
    };
  }
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, json: JSON.parse(opened) as Record<string, unknown>, retryAfter, body };
}

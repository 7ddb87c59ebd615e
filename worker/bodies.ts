/** Ciphertext bodies in KV. KV is a cache of immutable bytes here: the Durable Object decides who may read. */

/** KV key of a note's body. */
export function noteBodyKey(id: string): string {
  return `n/${id}`;
}

/**
 * KV key of a notepad body. The random part keeps keys immutable even when two saves race for the same version:
 * the loser's upload can never overwrite the winner's body.
 */
export function padBodyKey(slug: string, version: number): string {
  const nonce = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `p/${slug}/${version}/${nonce}`;
}

/** Extra life given to a body in KV beyond its note's expiry, so KV's backstop never fires before the DO's. */
const BACKSTOP_MARGIN = 3600;

/** Stores a body; `expirationTtl` is a backstop only, the Durable Object shreds on time. */
export async function putBody(kv: KVNamespace, key: string, body: Uint8Array, ttlSeconds: number): Promise<void> {
  await kv.put(key, body, { expirationTtl: ttlSeconds + BACKSTOP_MARGIN });
}

/** Reads a body without consuming anything; null when absent (unknown, gone, or not yet propagated). */
export async function getBody(kv: KVNamespace, key: string): Promise<Uint8Array | null> {
  const value = await kv.get(key, "arrayBuffer");
  return value ? new Uint8Array(value) : null;
}

/** Deletes a body; deleting a missing key is harmless, so this is safe to repeat. */
export async function deleteBody(kv: KVNamespace, key: string): Promise<void> {
  await kv.delete(key);
}

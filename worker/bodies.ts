/** Ciphertext bodies in KV. KV is a cache of immutable bytes here: the Durable Object decides who may read. */

/**
 * KV key of a note's body, written before its object exists: the random part means a create that loses its id (409)
 * can never overwrite the body of the note that holds it. The object stores the key; notes created before this
 * layout keep their `n/<id>` key in their row and open as before.
 */
export function noteBodyKey(id: string): string {
  return `n/${id}/${nonce()}`;
}

/**
 * KV key of a notepad body. The random part keeps keys immutable even when two saves race for the same version:
 * the loser's upload can never overwrite the winner's body.
 */
export function padBodyKey(slug: string, version: number): string {
  return `p/${slug}/${version}/${nonce()}`;
}

/** 8 random bytes in hex. */
function nonce(): string {
  return [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");
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

/** An object that can say whether it names a body: NoteObject and PadObject (SecretObject.references). */
export interface BodyHolder {
  references(bodyKey: string): Promise<boolean>;
}

/**
 * After an object's create or save threw, which may have been after its transaction committed: the upload is deleted
 * only when the object says it does not name it ("deleted"); "named" means the call went through. When the object
 * cannot be asked ("unknown") the body stays for KV's expirationTtl to remove: an orphan costs storage for a while,
 * deleting a named body would leave a live note or notepad without one.
 */
export async function releaseUpload(
  kv: KVNamespace,
  holder: BodyHolder,
  key: string,
): Promise<"named" | "deleted" | "unknown"> {
  let named: boolean;
  try {
    named = await holder.references(key);
  } catch {
    return "unknown";
  }
  if (named) return "named";
  await deleteBody(kv, key);
  return "deleted";
}

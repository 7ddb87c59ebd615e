/** Ciphertext bodies in KV. KV is a cache of immutable bytes here: the Durable Object decides who may read. */

/**
 * KV key of one part of a note's body: the random part keeps keys immutable, so a retried or racing upload of the same
 * part can never overwrite the one the object recorded. Notes stored before parts keep their `n/<id>` or
 * `n/<id>/<random>` key in their row and open as before.
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

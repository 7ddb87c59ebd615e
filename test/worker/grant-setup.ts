/** Shared setup of the grant attack specs (attack-grants.spec.ts, attack-reads.spec.ts). */
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { noteStub } from "./helpers";
import { openRaw, readOpened } from "./note-transfer";

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
export const sql = (id: string, statement: string) =>
  runInDurableObject(noteStub(id), (_i, state) => state.storage.sql.exec(statement).toArray());
export const grantsOf = async (id: string) => (await sql(id, "SELECT until FROM grant")).length;

/** Opens a note and reads its body, without finishing: the grant stays open. */
export async function grantFor(note: { id: string; proof: string; linkProof: string | null }) {
  const opened = await readOpened(await openRaw(note.id, note.proof, note.linkProof));
  expect(opened.status).toBe(200);
  return opened.meta!.grant;
}

/** Status, headers (minus none) and body of a response, to compare answers byte for byte. */
export async function whole(response: Response) {
  return { status: response.status, headers: [...response.headers], body: await response.text() };
}

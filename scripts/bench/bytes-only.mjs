// A note's download with the client's work taken out: the proof computed beforehand, then the open's body read from
// Node's fetch and thrown away (no decryption, no disk), then the grant given back. What the Worker's byte path
// delivers by itself, between the CLI's figure and the bare KV ceiling.
const json = { "Content-Type": "application/json" };

/** Opens the one-time note behind `link` and drains its body; resolves with the bytes received. `c`: crypto module. */
export async function prepareBytesOnly(c, link) {
  const url = new URL(link);
  const id = url.pathname.split("/")[2];
  const status = await (await fetch(`${url.origin}/api/notes/${id}`)).json();
  const linkKey = new Uint8Array(Buffer.from(url.hash.slice(1), "base64url"));
  const unlocked = await c.unlock(status.header, { linkKey, password: null });
  const proofs = JSON.stringify({ proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined });
  /** The timed part: open, every body byte, finish. */
  return async () => {
    const opened = await fetch(`${url.origin}/api/notes/${id}/open`, { method: "POST", headers: json, body: proofs });
    if (opened.status !== 200) throw new Error(`open answered ${opened.status}: ${await opened.text()}`);
    let got = 0;
    for await (const chunk of opened.body) got += chunk.length;
    const { grant } = JSON.parse(opened.headers.get("Hushnote-Open"));
    await fetch(`${url.origin}/api/notes/${id}/body`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${grant}` },
    });
    if (got !== status.size) throw new Error(`the open gave ${got} of ${status.size} bytes`);
    return got;
  };
}

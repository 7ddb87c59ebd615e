// Issue 11, item 1: wrong guesses count only for those who could guess. Each test performs an attack that used to
// destroy a note or use up its tries with nothing but its id, and shows it failing.
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { createNote, expectShredded, inspectNote, openNote, randomBytes } from "./helpers";

const wrong = () => toBase64Url(randomBytes(32));
let counter = 1;
/** A client address nobody else in the suite uses (each gets its own rate limit and its own count). */
const freshIp = () => `192.0.2.${counter++}`;
/** /64s of one /48, and a /48 of its own per call. */
let prefix = 0x100;
const fresh48 = () => `2001:db8:${(prefix++).toString(16)}`;

async function statusesOf(id: string, n: number, from: string, linkProof: string | null = null) {
  const answers: { status: number; triesLeft?: number; retryAfter: string | null }[] = [];
  for (let i = 0; i < n; i++) {
    const response = await openNote(id, wrong(), linkProof, from);
    const body = (await response.json()) as { triesLeft?: number };
    answers.push({
      status: response.status,
      triesLeft: body.triesLeft,
      retryAfter: response.headers.get("Retry-After"),
    });
  }
  return answers;
}

describe("a link-only note (256-bit key): wrong proofs never count", () => {
  it("stays openable after 20 random proofs, each a 403 wrong key with no tries left to report", async () => {
    const note = await createNote({ views: 1 });
    const answers = await statusesOf(note.id, 20, freshIp());
    expect(answers.every((a) => a.status === 403 && a.triesLeft === undefined && a.retryAfter === null)).toBe(true);
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 0, destroyed_at: null });
    expect((await openNote(note.id, note.proof)).status).toBe(200);
  });

  it("is the same for a v2 link-only note", async () => {
    const note = await createNote({ views: 1, version: 2 });
    await statusesOf(note.id, 20, freshIp(), note.linkProof);
    expect((await openNote(note.id, note.proof, note.linkProof)).status).toBe(200);
  });
});

describe("a v2 link+password note: only link holders' wrong passwords count", () => {
  it("leaves its tries untouched after 20 wrong linkProofs, and after 20 proofs with no linkProof", async () => {
    const note = await createNote({ views: 1, version: 2, password: true });
    const forged = await statusesOf(note.id, 20, freshIp(), wrong());
    const missing = await statusesOf(note.id, 20, freshIp(), null);
    for (const a of [...forged, ...missing]) expect(a).toEqual({ status: 403, triesLeft: undefined, retryAfter: null });
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 0, destroyed_at: null });
    // The right password without the linkProof is refused too: the link key is what it proves.
    expect((await openNote(note.id, note.proof)).status).toBe(403);
    expect((await openNote(note.id, note.proof, note.linkProof)).status).toBe(200);
  });

  it("is destroyed (reason lockout) by 10 wrong passwords with the right linkProof, from any addresses", async () => {
    const note = await createNote({ views: 3, version: 2, password: true });
    const tries = [];
    for (let i = 0; i < 10; i++) tries.push((await statusesOf(note.id, 1, freshIp(), note.linkProof))[0]!.triesLeft);
    expect(tries).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    await expectShredded(note.id, "lockout");
  });

  it("resets the count when the right password opens it", async () => {
    const note = await createNote({ views: 3, version: 2, password: true });
    const ip = freshIp();
    expect((await statusesOf(note.id, 9, ip, note.linkProof)).at(-1)?.triesLeft).toBe(1);
    expect((await openNote(note.id, note.proof, note.linkProof, ip)).status).toBe(200);
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 0 });
    expect((await statusesOf(note.id, 1, ip, note.linkProof))[0]?.triesLeft).toBe(9);
  });
});

describe("a password-only note (the id is the whole link): three counted wrong passwords per network", () => {
  it("cannot be destroyed from one address with 50 wrong proofs: 3 count, then the address waits (429)", async () => {
    const note = await createNote({ views: 1, link: false, password: true });
    const answers = await statusesOf(note.id, 50, freshIp());
    expect(answers.slice(0, 3).map((a) => a.triesLeft)).toEqual([9, 8, 7]);
    expect(answers[3]).toEqual({ status: 403, triesLeft: undefined, retryAfter: "1" });
    const rest = answers.slice(4);
    expect(rest.filter((a) => a.status === 429).length).toBeGreaterThan(40);
    expect(rest.every((a) => a.status === 429 || (a.status === 403 && a.triesLeft === undefined))).toBe(true);
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 3, destroyed_at: null });
    expect((await openNote(note.id, note.proof, null, freshIp())).status).toBe(200);
  });

  it("is destroyed (reason lockout) by four addresses: 3 + 3 + 3 + 1 counted wrong passwords", async () => {
    const note = await createNote({ views: 1, link: false, password: true });
    const tries = [];
    for (let address = 0; address < 4; address++)
      tries.push(...(await statusesOf(note.id, 3, freshIp())).map((a) => a.triesLeft));
    expect(tries.slice(0, 10)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    await expectShredded(note.id, "lockout");
  });

  it("counts an IPv6 subscriber's /64s by their /48: four /64s of one /48 cannot destroy it, four /48s can", async () => {
    const survivor = await createNote({ views: 1, link: false, password: true });
    const net = fresh48();
    for (let i = 1; i <= 4; i++) await statusesOf(survivor.id, 3, `${net}:${i}::1`);
    expect((await inspectNote(survivor.id)).row).toMatchObject({ failed_proofs: 3, destroyed_at: null });
    const victim = await createNote({ views: 1, link: false, password: true });
    for (let i = 0; i < 4; i++) await statusesOf(victim.id, 3, `${fresh48()}:1::1`);
    await expectShredded(victim.id, "lockout");
  });

  it("makes a /48 wait as one network: rotating through its /64s gets no uncounted guesses", async () => {
    const note = await createNote({ views: 1, link: false, password: true });
    const net = fresh48();
    const answers = [];
    for (let i = 1; i <= 40; i++) answers.push(...(await statusesOf(note.id, 1, `${net}:${i.toString(16)}::1`)));
    expect(answers.slice(0, 3).map((a) => a.triesLeft)).toEqual([9, 8, 7]);
    expect(answers[3]).toEqual({ status: 403, triesLeft: undefined, retryAfter: "1" });
    expect(answers.slice(4).every((a) => a.status === 429)).toBe(true);
    // The doubling goes on across /64s: the /48's next wrong proof, from yet another /64, starts a 2 s wait.
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await statusesOf(note.id, 1, `${net}:ff::1`))[0]).toEqual({
      status: 403,
      triesLeft: undefined,
      retryAfter: "2",
    });
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 3, destroyed_at: null });
    expect((await openNote(note.id, note.proof, null, freshIp())).status).toBe(200);
  });

  it("opens with the right password from an address that had to wait, once the wait is over", async () => {
    const note = await createNote({ views: 1, link: false, password: true });
    const ip = freshIp();
    const answers = await statusesOf(note.id, 4, ip);
    expect(answers[3]?.retryAfter).toBe("1");
    const early = await openNote(note.id, note.proof, null, ip);
    expect(early.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(early.headers.get("Retry-After")) * 1000 + 50));
    expect((await openNote(note.id, note.proof, null, ip)).status).toBe(200);
  });

  it("resets the note's count and the opener's own, but not other networks' use of their allowance", async () => {
    const note = await createNote({ views: 2, link: false, password: true });
    const [a, b] = [freshIp(), freshIp()];
    await statusesOf(note.id, 3, a);
    await statusesOf(note.id, 2, b);
    expect((await openNote(note.id, note.proof, null, b)).status).toBe(200);
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 0 });
    expect((await statusesOf(note.id, 1, b))[0]?.triesLeft).toBe(9);
    expect((await statusesOf(note.id, 1, a))[0]).toMatchObject({ status: 403, triesLeft: undefined, retryAfter: "1" });
  });
});

describe("a v1 link+password note (no link verifier: the server cannot tell link holders apart)", () => {
  it("is never destroyed by wrong proofs, from any number of addresses; each address waits after three", async () => {
    const note = await createNote({ views: 1, password: true });
    for (let address = 0; address < 6; address++) {
      const answers = await statusesOf(note.id, 5, freshIp());
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 429]);
      expect(answers.every((a) => a.triesLeft === undefined)).toBe(true);
      expect(answers[3]?.retryAfter).toBe("1");
    }
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 0, destroyed_at: null });
    expect((await openNote(note.id, note.proof, null, freshIp())).status).toBe(200);
  });
});

// The note routes besides reading (faults-open.spec.ts) under storage faults: each storage call fails, loses its
// reply, hangs, or fails as a reset or overloaded object; the answer is a 503 a client retries, never a 500, and the
// retry finds the note as if nothing had happened. faults-table.ts runs the table; faults.ts injects the faults.
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { callFaulty, FAILURES, request } from "./faults";
import { lostAfter, underFaults } from "./faults-table";
import {
  call,
  createNote,
  createUploading,
  makeNote,
  noteBodyKeys,
  openNote,
  randomBytes,
  storedBody,
} from "./helpers";
import { putPart } from "./note-transfer";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const statusOf = async (id: string) => (await call("GET", `/api/notes/${id}`)).status;
const receiptOf = async (id: string, token: string) =>
  (await call("GET", `/api/notes/${id}/receipt`, { headers: bearer(token) })).json() as Promise<{
    state: string;
    viewsLeft: number | null;
    events: { type: string; reason?: string | null }[];
  }>;

/** A stored note, and the secrets no log line may carry. */
async function stored() {
  const note = await createNote();
  return { ...note, secrets: [note.id, note.manageToken, note.proof] };
}

describe("POST /api/notes under storage faults", () => {
  underFaults({
    async setup() {
      const note = await makeNote();
      return { ...note, manageToken: toBase64Url(randomBytes(32)) };
    },
    request: (note) => request("POST", "/api/notes", { json: { ...note.request, manageToken: note.manageToken } }),
    ok: [201],
    async after(note, faulted) {
      // Until its parts are stored nobody can see it, whatever the create's fate.
      expect(await statusOf(note.id)).toBe(404);
      if (faulted.status === 201) expect(await faulted.json()).toMatchObject({ manageToken: note.manageToken });
      const retry = await call("POST", "/api/notes", { json: { ...note.request, manageToken: note.manageToken } });
      expect(retry.status).toBe(201);
      const created = (await retry.json()) as { manageToken: string; parts: number[] };
      expect(created.manageToken).toBe(note.manageToken);
      for (const [n, size] of created.parts.entries()) {
        expect((await putPart(note.id, n, note.body.subarray(0, size), note.manageToken)).status).toBe(200);
      }
      expect((await openNote(note.id, note.proof)).body).toEqual(note.body);
      const events = (await receiptOf(note.id, note.manageToken)).events.map((event) => event.type);
      expect(events).toEqual(["created", "opened", "destroyed"]);
    },
    secrets: (note) => [note.id, note.manageToken, note.proof],
  });
});

describe("PUT /api/notes/:id/parts/:n under storage faults", () => {
  underFaults({
    async setup() {
      const note = await createUploading();
      return { ...note, secrets: [note.id, note.manageToken, note.proof] };
    },
    request: (note) =>
      request("PUT", `/api/notes/${note.id}/parts/0`, {
        raw: note.body,
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Length": String(note.body.byteLength),
          ...bearer(note.manageToken),
        },
      }),
    ok: [200],
    async after(note, faulted) {
      if (faulted.status === 503) expect(await statusOf(note.id)).toBe(404);
      else expect(await faulted.json()).toMatchObject({ complete: true });
      const retry = await putPart(note.id, 0, note.body, note.manageToken);
      expect(await retry.json()).toMatchObject({ partsStored: 1, complete: true });
      // One body in KV: a failed attempt's upload went, or it is the one the object names.
      expect(await noteBodyKeys(note.id)).toHaveLength(1);
      expect(await storedBody(note.id)).toEqual(note.body);
      expect((await openNote(note.id, note.proof)).body).toEqual(note.body);
    },
    secrets: (note) => note.secrets,
  });
});

describe("GET /api/notes/:id under storage faults", () => {
  underFaults({
    setup: stored,
    request: (note) => request("GET", `/api/notes/${note.id}`),
    ok: [200],
    async after(note, faulted) {
      if (faulted.status === 200) expect(await faulted.json()).toMatchObject({ id: note.id, viewsLeft: 1 });
      expect((await openNote(note.id, note.proof)).body).toEqual(note.body);
    },
    secrets: (note) => note.secrets,
  });
});

describe("GET /api/notes/:id/receipt and /fragments/receipt/:id under storage faults", () => {
  underFaults({
    setup: stored,
    request: (note) => request("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(note.manageToken) }),
    ok: [200],
    async after(note, faulted) {
      if (faulted.status === 200) expect(await faulted.json()).toMatchObject({ state: "live", viewsLeft: 1 });
      expect(await receiptOf(note.id, note.manageToken)).toMatchObject({ viewsLeft: 1, events: [{ type: "created" }] });
    },
    secrets: (note) => note.secrets,
  });

  underFaults({
    setup: stored,
    request: (note) => request("GET", `/fragments/receipt/${note.id}`, { headers: bearer(note.manageToken) }),
    ok: [200],
    html: true,
    async after(note, faulted) {
      if (faulted.status === 200) expect(await faulted.text()).toContain('data-state="waiting"');
      const fragment = await call("GET", `/fragments/receipt/${note.id}`, { headers: bearer(note.manageToken) });
      expect(await fragment.text()).toContain('data-state="waiting"');
    },
    secrets: (note) => note.secrets,
  });
});

describe("DELETE /api/notes/:id under storage faults", () => {
  underFaults({
    setup: stored,
    request: (note) => request("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) }),
    ok: [204],
    async after(note, faulted, plans) {
      if (faulted.status === 503) {
        // A revoke whose reply was lost went through: its retry hears 404, which clients take as deleted.
        const retry = await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) });
        expect(retry.status).toBe(lostAfter(plans, "revoke") ? 404 : 204);
      }
      expect(await statusOf(note.id)).toBe(404);
      const destroyed = (await receiptOf(note.id, note.manageToken)).events.filter((e) => e.type === "destroyed");
      expect(destroyed).toEqual([{ type: "destroyed", at: expect.any(Number), reason: "deleted" }]);
      expect(await noteBodyKeys(note.id)).toEqual([]);
    },
    secrets: (note) => note.secrets,
  });
});

describe("routes that touch no storage", () => {
  for (const path of ["/api/config", "/fragments/limits"]) {
    it(`GET ${path} answers 200 while every storage call fails`, async () => {
      for (const mode of FAILURES) {
        const plans = (["NOTES", "NOTE_OBJECT", "PAD_OBJECT"] as const).map((binding) => ({
          binding,
          method: "*",
          mode,
        }));
        expect((await callFaulty(plans, request("GET", path))).status).toBe(200);
      }
    });
  }
});

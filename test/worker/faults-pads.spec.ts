// Notepads under storage faults: every call of every pad route fails in turn (faults-table.ts); a failed save leaves
// the pad at the version it had or at the one the save made, never another; its retry with the same saveId answers
// that version without a second one; the pad keeps exactly one body in KV.
import { describe, expect } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { request } from "./faults";
import { lostAfter, underFaults } from "./faults-table";
import { call, randomBytes } from "./helpers";
import { createPad, freshSlug, openPad, padBodyKeys, padKeys, putPad, saveHeaders } from "./pad-helpers";
import { answer } from "./pad-owner-helpers";

type Pad = Awaited<ReturnType<typeof createPad>>;
const saveId = () => toBase64Url(randomBytes(16));
const versionOf = async (slug: string) => {
  const response = await call("GET", `/api/pads/${slug}`);
  return response.status === 404 ? "free" : ((await response.json()) as { version: number }).version;
};

/** The pad opens with `proof` at `version` with `body`, and KV holds its one body. */
async function expectPad(slug: string, proof: string, version: number, body: Uint8Array) {
  const opened = await answer(await openPad(slug, proof));
  expect(opened.status).toBe(200);
  expect(opened.json).toMatchObject({ version });
  expect(opened.body).toEqual(body);
  expect(await padBodyKeys(slug)).toHaveLength(1);
}

/** A save's request (a body in the Hushnote-Save form; none in the JSON form), built afresh for each send. */
function saveRequest(slug: string, fields: Record<string, unknown>, body: Uint8Array | null): Request {
  if (!body) return request("PUT", `/api/pads/${slug}`, { json: fields });
  return request("PUT", `/api/pads/${slug}`, { raw: body, headers: saveHeaders(JSON.stringify(fields), body.length) });
}

const existing = async () => {
  const pad = await createPad();
  return { ...pad, secrets: [pad.slug, pad.keys.proof, pad.device] };
};

describe("GET /api/pads/:slug and POST /api/pads/:slug/open under storage faults", () => {
  underFaults({
    setup: existing,
    request: (pad) => request("GET", `/api/pads/${pad.slug}`),
    ok: [200],
    async after(pad, faulted) {
      if (faulted.status === 200) expect(await faulted.json()).toMatchObject({ version: 1 });
      expect(await versionOf(pad.slug)).toBe(1);
    },
    secrets: (pad) => pad.secrets,
  });

  underFaults({
    setup: existing,
    request: (pad) => request("POST", `/api/pads/${pad.slug}/open`, { json: { proof: pad.keys.proof } }),
    ok: [200],
    async after(pad, faulted) {
      if (faulted.status === 200) expect((await answer(faulted)).body).toEqual(pad.body);
      await expectPad(pad.slug, pad.keys.proof, 1, pad.body);
    },
    secrets: (pad) => pad.secrets,
  });
});

describe("PUT /api/pads/:slug under storage faults", () => {
  const saving = async () => ({ ...(await existing()), next: randomBytes(400), saveId: saveId() });
  const save = (pad: Pad & { saveId: string }) => ({ version: 1, proof: pad.keys.proof, saveId: pad.saveId });

  // A body save (the Hushnote-Save form): stored in KV, then the compare-and-set.
  underFaults({
    setup: saving,
    request: (pad) => saveRequest(pad.slug, save(pad), pad.next),
    ok: [200],
    async after(pad, faulted) {
      if (faulted.status === 200) expect(await faulted.json()).toMatchObject({ version: 2 });
      // Acknowledged or not, the pad holds one of the two versions, whole.
      const held = await versionOf(pad.slug);
      if (faulted.status === 200) expect(held).toBe(2);
      else expect([1, 2]).toContain(held);
      const retry = await putPad(pad.slug, { ...save(pad), body: pad.next });
      expect(await retry.json()).toMatchObject({ version: 2 });
      await expectPad(pad.slug, pad.keys.proof, 2, pad.next);
    },
    secrets: (pad) => [...pad.secrets, pad.saveId],
  });

  // A password change (the JSON form): new keys, no body.
  underFaults({
    async setup() {
      const pad = await saving();
      return { ...pad, rekey: await padKeys(pad.slug) };
    },
    request: (pad) => saveRequest(pad.slug, { ...save(pad), ...withoutProof(pad.rekey) }, null),
    ok: [200],
    async after(pad, faulted) {
      if (faulted.status === 200) expect(await faulted.json()).toMatchObject({ version: 2 });
      const retry = await putPad(pad.slug, { ...save(pad), ...withoutProof(pad.rekey) });
      expect(await retry.json()).toMatchObject({ version: 2 });
      await expectPad(pad.slug, pad.rekey.proof, 2, pad.body);
      expect((await openPad(pad.slug, pad.keys.proof)).status).toBe(403);
    },
    secrets: (pad) => [...pad.secrets, pad.saveId, pad.rekey.proof],
  });

  // A create (version 0): nothing to prove, the address must be free.
  underFaults({
    async setup() {
      const slug = freshSlug();
      return { slug, keys: await padKeys(slug), body: randomBytes(300), saveId: saveId() };
    },
    request: (pad) => saveRequest(pad.slug, creation(pad), pad.body),
    ok: [200],
    async after(pad, faulted) {
      if (faulted.status === 200) expect(await faulted.json()).toMatchObject({ version: 1 });
      expect(await answer(await putPad(pad.slug, { ...creation(pad), body: pad.body }))).toMatchObject({
        status: 200,
        json: { version: 1 },
      });
      await expectPad(pad.slug, pad.keys.proof, 1, pad.body);
    },
    secrets: (pad) => [pad.slug, pad.keys.proof, pad.saveId],
  });
});

describe("DELETE /api/pads/:slug under storage faults", () => {
  underFaults({
    setup: existing,
    request: (pad) => request("DELETE", `/api/pads/${pad.slug}`, { json: { proof: pad.keys.proof } }),
    ok: [204],
    async after(pad, faulted, plans) {
      if (faulted.status === 503) {
        // A delete whose reply was lost went through: its retry hears 404, which clients take as deleted.
        const retry = await call("DELETE", `/api/pads/${pad.slug}`, { json: { proof: pad.keys.proof } });
        expect(retry.status).toBe(lostAfter(plans, "remove") ? 404 : 204);
      }
      expect(await versionOf(pad.slug)).toBe("free");
      expect(await padBodyKeys(pad.slug)).toEqual([]);
    },
    secrets: (pad) => pad.secrets,
  });
});

const withoutProof = ({ header, wrappedKey, verifier }: Awaited<ReturnType<typeof padKeys>>) => ({
  header,
  wrappedKey,
  verifier,
});

const creation = (pad: { keys: Awaited<ReturnType<typeof padKeys>>; saveId: string }) => ({
  version: 0,
  saveId: pad.saveId,
  ...withoutProof(pad.keys),
});

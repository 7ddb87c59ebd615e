/** Format v3 request descriptions (docs/FORMAT.md §12.3), and the module reproducing every v3 vector byte for byte. */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CorruptEnvelopeError,
  encodePrivateLink,
  encodeRequestFragment,
  HushnoteCryptoError,
  MAX_DESCRIPTION_LENGTH,
  MAX_DESCRIPTION_SIZE,
  newRequest,
  open,
  openAnswerKey,
  openDescription,
  sealAnswerKey,
  sealDescription,
  WrongKeyError,
} from "../../crypto/index";
import { flipBit, replay } from "./helpers";
import { bytes } from "./vector-files";

const ID = "vOD64MHUQ4nEmiD9FPUTcg";
const OTHER_ID = "AAAAAAAAAAAAAAAAAAAAAA";
const DK = new Uint8Array(32).fill(9);

describe("descriptions", () => {
  it("round-trip any well-formed text up to 1,000 code units (property, 100 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: MAX_DESCRIPTION_LENGTH }), async (text) => {
        fc.pre(text.length <= MAX_DESCRIPTION_LENGTH);
        expect(await openDescription(DK, ID, await sealDescription(DK, ID, text))).toBe(text);
      }),
      { numRuns: 100 },
    );
  });

  it("fit 1,000 three-byte characters in the largest size, under 4,096 base64url characters", async () => {
    const desc = await sealDescription(DK, ID, "€".repeat(MAX_DESCRIPTION_LENGTH));
    expect(Buffer.from(desc, "base64url")).toHaveLength(MAX_DESCRIPTION_SIZE);
    expect(desc.length).toBeLessThanOrEqual(4096);
  });

  it("refuse text that is too long or has a lone surrogate, before anything is sealed", async () => {
    for (const text of ["x".repeat(MAX_DESCRIPTION_LENGTH + 1), "a\ud800b"]) {
      await expect(sealDescription(DK, ID, text)).rejects.toThrow(HushnoteCryptoError);
    }
  });

  it("do not open under another key or request id, or with any bit flipped (WrongKeyError)", async () => {
    const desc = await sealDescription(DK, ID, "the production DB password, please");
    await expect(openDescription(new Uint8Array(32), ID, desc)).rejects.toThrow(WrongKeyError);
    await expect(openDescription(DK, OTHER_ID, desc)).rejects.toThrow(WrongKeyError);
    const raw = bytes(desc);
    for (let bit = 0; bit < raw.length * 8; bit += 5) {
      await expect(openDescription(DK, ID, Buffer.from(flipBit(raw, bit)).toString("base64url"))).rejects.toThrow(
        WrongKeyError,
      );
    }
  });

  it("refuse a malformed or oversized description as corrupt", async () => {
    const desc = await sealDescription(DK, ID, "hi");
    const big = Buffer.alloc(MAX_DESCRIPTION_SIZE + 1).toString("base64url");
    for (const bad of ["", desc.slice(0, 36), `${desc}=`, "ab!c".repeat(10), big]) {
      await expect(openDescription(DK, ID, bad)).rejects.toThrow(CorruptEnvelopeError);
    }
  });
});

const DIR = new URL("../vectors/", import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: frozen JSON read as written by scripts/gen-vectors/v3.mjs.
const v3: any[] = readdirSync(DIR)
  .filter((f) => f.startsWith("v3-request-"))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")));

describe("the v3 vectors, reproduced by the module from their recorded randomness", () => {
  it("are all there", () => {
    expect(v3.map((v) => v.name)).toEqual(["v3-request-answer", "v3-request-description", "v3-request-plain"]);
  });

  it.each(v3.filter((v) => v.object === "request").map((v) => [v.name, v]))("%s", async (_name, v) => {
    const random = replay(v.inputs.random.map(bytes));
    const r = await newRequest(random, { d: bytes(v.inputs.d), Q: bytes(v.inputs.Q) });
    const o = v.outputs;
    expect([r.id, Buffer.from(r.fp).toString("base64url")]).toEqual([o.id, o.fingerprint]);
    const desc =
      v.inputs.description === null
        ? null
        : await sealDescription(r.descriptionKey, r.id, v.inputs.description, random);
    expect(desc).toBe(o.sealedDescription);
    if (desc) expect(await openDescription(bytes(o.descriptionKey), o.id, desc)).toBe(v.inputs.description);
    expect(`/r/${r.id}#${encodeRequestFragment(r.fp, desc ? r.descriptionKey : null)}`).toBe(o.requestLink);
    expect(`/q/${r.id}#${encodePrivateLink(r)}`).toBe(o.privateLink);
  });

  it("v3-request-answer", async () => {
    const v = v3.find((x) => x.name === "v3-request-answer");
    const { request: q, noteId, linkKey, e, E, random } = v.inputs;
    const ephemeral = { d: bytes(e), Q: bytes(E) };
    const sealed = await sealAnswerKey(q.id, noteId, bytes(q.Q), bytes(linkKey), replay(random.map(bytes)), ephemeral);
    expect(sealed).toBe(v.outputs.sealedKey);
    expect(await openAnswerKey(q.id, noteId, bytes(q.d), bytes(q.Q), sealed)).toEqual(bytes(linkKey));
    expect(v.note.inputs).toMatchObject({ id: noteId, linkKey, views: 1, password: null });
    const { header, wrappedKey, body } = v.note.outputs;
    const opened = await open(
      { header, wrappedKey, body: bytes(body) },
      { linkKey: bytes(linkKey) },
      {
        expect: { kind: "note", id: noteId, minVersion: 2 },
      },
    );
    expect(opened).toEqual(v.note.inputs.payload);
  });
});

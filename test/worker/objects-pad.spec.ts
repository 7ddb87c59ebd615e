// PadObject through its RPC methods and storage (split from objects.spec.ts): its alarm and its proof checks.
import { describe, expect, it } from "vitest";
import { randomBytes, sha256 } from "./helpers";
import { alarmOf, buffer, freshPad, padInput, sql } from "./object-setup";

describe("PadObject", () => {
  it("sets the idle-expiry alarm when a pad is created", async () => {
    const stub = freshPad();
    expect(await stub.save(await padInput(randomBytes(32)))).toMatchObject({ outcome: "saved", version: 1 });
    const [row] = await sql<{ expires_at: number }>(stub, "SELECT expires_at FROM secret");
    expect(await alarmOf(stub)).toBe(row?.expires_at);
  });

  it("treats a save without a proof as a wrong proof: refused and counted, never a crash", async () => {
    const authKey = randomBytes(32);
    const stub = freshPad();
    await stub.save(await padInput(authKey));
    const save = {
      ...(await padInput(authKey)),
      expectVersion: 1,
      header: null,
      wrappedKey: null,
      verifier: null,
      bodyKey: null,
    };
    expect(await stub.authorizeSave(save)).toEqual({ outcome: "denied", retryAfter: null });
    expect(await stub.save(save)).toEqual({ outcome: "denied", retryAfter: null });
    expect(await sql(stub, "SELECT failed_proofs, version FROM secret")).toEqual([{ failed_proofs: 1, version: 1 }]);
    expect(await stub.save({ ...save, proofHash: buffer(await sha256(authKey)) })).toMatchObject({
      outcome: "saved",
      version: 2,
    });
  });
});

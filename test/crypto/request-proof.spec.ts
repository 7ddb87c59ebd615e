/** The request proof (docs/FORMAT.md §12.4): SHA-256 of a label and the link's fingerprint, computed independently. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HushnoteCryptoError, newRequest, requestFingerprint, requestProof } from "../../crypto/index";

const independent = (fp: Uint8Array) =>
  new Uint8Array(createHash("sha256").update("hushnote/v3/request-proof/", "utf8").update(fp).digest());

describe("the request proof", () => {
  it("is SHA-256(UTF-8(label) ‖ fp), as node:crypto computes it", async () => {
    const request = await newRequest();
    expect(await requestProof(request.fp)).toEqual(independent(request.fp));
    expect(await requestProof(new Uint8Array(32))).toEqual(independent(new Uint8Array(32)));
  });

  it("differs between requests and from the fingerprint itself", async () => {
    const [a, b] = await Promise.all([newRequest(), newRequest()]);
    const proof = await requestProof(a.fp);
    expect(proof).toHaveLength(32);
    expect(proof).not.toEqual(a.fp);
    expect(proof).not.toEqual(await requestProof(b.fp));
    expect(await requestProof(await requestFingerprint(a.id, a.Q))).toEqual(proof);
  });

  it("refuses a fingerprint that is not 32 bytes", async () => {
    await expect(requestProof(new Uint8Array(31))).rejects.toBeInstanceOf(HushnoteCryptoError);
  });
});

import { describe, expect, it } from "vitest";
import { encodePayload, openStream, sealStream, unlock } from "../../crypto/index";
import { chunked, collect, gather, streamed } from "./stream-helpers";
import { bytes, expectOf, payloadOf, sealOptionsOf, secretsOf, VECTORS } from "./vector-files";

describe.each(VECTORS.map((v) => [v.name, v] as const))("streaming %s", (_name, v) => {
  it.each([1, 7, 65_536])(
    "sealStream writes the recorded body byte for byte from files in %i-byte chunks",
    async (size) => {
      const sealed = await sealStream(streamed(payloadOf(v), size), sealOptionsOf(v));
      const body = await collect(sealed.body);
      expect(Buffer.from(body).toString("base64url")).toBe(v.outputs.body);
      expect(sealed.size).toBe(body.length);
      const { linkProof: _readers, body: _body, ...outputs } = v.outputs;
      const { body: _stream, size: _size, linkKey: _key, ...envelope } = sealed;
      expect(envelope).toEqual({ ...outputs, linkVerifier: outputs.linkVerifier ?? null });
    },
  );

  it.each([1, 13, 65_552])(
    "openStream reads the recorded payload and body version from %i-byte chunks",
    async (size) => {
      const unlocked = await unlock(v.outputs.header, secretsOf(v), { expect: expectOf(v) });
      const opened = await gather(
        openStream(unlocked, v.outputs.wrappedKey, chunked(bytes(v.outputs.body), size), {
          minBodyVersion: v.inputs.bodyVersion,
        }),
      );
      expect(Buffer.from(encodePayload(opened.payload)).equals(encodePayload(payloadOf(v)))).toBe(true);
      expect(opened.bodyVersion).toBe(v.format === 1 ? null : v.inputs.bodyVersion);
    },
  );
});

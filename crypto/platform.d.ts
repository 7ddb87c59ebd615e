// The only platform the format module may use: Web Crypto, TextEncoder/TextDecoder. crypto/tsconfig.json compiles
// the module against this file instead of the DOM or Node typings, so a stray fetch, document or Buffer fails to build.
// Each declaration is structurally compatible with lib.dom and @cloudflare/workers-types, which the callers use.

type BufferSource = ArrayBufferView<ArrayBuffer> | ArrayBuffer;
type KeyUsage = "encrypt" | "decrypt" | "deriveKey" | "deriveBits";
type EcdhAlgorithm = { name: "ECDH"; namedCurve: "P-256" };

interface CryptoKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { name: string };
  readonly usages: KeyUsage[];
}
// Loose on purpose: algorithm names are checked by the platform at run time; these typings only fence globals off.
interface AesGcmParams {
  name: string;
  iv: ArrayBufferView;
  additionalData?: ArrayBufferView;
  tagLength?: number;
}
interface Pbkdf2Params {
  name: string;
  hash: string;
  salt: BufferSource;
  iterations: number;
}
interface HkdfParams {
  name: string;
  hash: string;
  salt: BufferSource;
  info: BufferSource;
}

interface EcdhParams {
  name: "ECDH";
  public: CryptoKey;
}
interface JsonWebKey {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
}
interface CryptoKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

interface SubtleCrypto {
  importKey(
    format: "raw",
    key: BufferSource,
    algorithm: "PBKDF2" | "HKDF" | { name: "AES-GCM" },
    extractable: boolean,
    usages: KeyUsage[],
  ): Promise<CryptoKey>;
  importKey(
    format: "raw" | "jwk",
    key: BufferSource | JsonWebKey,
    algorithm: EcdhAlgorithm,
    extractable: boolean,
    usages: KeyUsage[],
  ): Promise<CryptoKey>;
  generateKey(algorithm: EcdhAlgorithm, extractable: boolean, usages: KeyUsage[]): Promise<CryptoKeyPair>;
  exportKey(format: "raw", key: CryptoKey): Promise<ArrayBuffer>;
  exportKey(format: "jwk", key: CryptoKey): Promise<JsonWebKey>;
  deriveBits(algorithm: Pbkdf2Params | HkdfParams | EcdhParams, key: CryptoKey, length: number): Promise<ArrayBuffer>;
  deriveKey(
    algorithm: HkdfParams,
    key: CryptoKey,
    derived: { name: "AES-GCM"; length: 256 },
    extractable: boolean,
    usages: KeyUsage[],
  ): Promise<CryptoKey>;
  encrypt(algorithm: AesGcmParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  decrypt(algorithm: AesGcmParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  digest(algorithm: "SHA-256", data: BufferSource): Promise<ArrayBuffer>;
}
interface Crypto {
  readonly subtle: SubtleCrypto;
  getRandomValues<T extends Uint8Array<ArrayBuffer>>(array: T): T;
}
declare var crypto: Crypto;

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

/** A payload decoded as its records open: the manifest once it is whole, then file bytes as they arrive. */
import { CorruptEnvelopeError } from "./errors";
import { parseManifest } from "./payload";

/** What openStream yields, in order: one manifest, the files' bytes in manifest order, then one end. */
export type PayloadEvent =
  | {
      kind: "manifest";
      text: string;
      tabs: { title: string; text: string }[];
      files: { name: string; type: string; size: number }[];
    }
  | { kind: "data"; file: number; bytes: Uint8Array }
  | { kind: "end"; bodyVersion: number | null };

const SIZES = "payload file sizes do not add up to the payload length";

/** Turns plaintext, record by record, into events, with exactly decodePayload's checks and errors. */
export class PayloadDecoder {
  // The length prefix, then the manifest, gathered across records: a long text can span many of them.
  #gathered: Uint8Array[] = [];
  #gatheredBytes = 0;
  #manifestLength = -1;
  #sizes: number[] | null = null;
  #file = -1;
  #left = 0;

  /** The events `plaintext` (the next bytes of the payload) completes. */
  *push(plaintext: Uint8Array): Generator<PayloadEvent> {
    let rest = plaintext;
    if (this.#manifestLength < 0) {
      const prefix = this.#gather(rest, 4);
      rest = rest.subarray(prefix.used);
      if (!prefix.whole) return;
      this.#manifestLength = new DataView(prefix.whole.buffer, prefix.whole.byteOffset, 4).getUint32(0, false);
    }
    if (this.#sizes === null) {
      const json = this.#gather(rest, this.#manifestLength);
      rest = rest.subarray(json.used);
      if (!json.whole) return;
      const manifest = parseManifest(json.whole);
      this.#sizes = manifest.files.map((f) => f.size);
      this.#nextFile();
      yield {
        kind: "manifest",
        text: manifest.text,
        tabs: manifest.tabs.map((t) => ({ title: t.title, text: t.text })),
        files: manifest.files.map((f) => ({ name: f.name, type: f.type, size: f.size })),
      };
    }
    while (rest.length > 0) {
      if (this.#file >= this.#sizes.length) throw new CorruptEnvelopeError(SIZES);
      const take = Math.min(this.#left, rest.length);
      yield { kind: "data", file: this.#file, bytes: rest.subarray(0, take) };
      rest = rest.subarray(take);
      this.#left -= take;
      this.#nextFile();
    }
  }

  /** The end event; throws CorruptEnvelopeError unless the plaintext was exactly one payload. */
  end(bodyVersion: number | null): PayloadEvent {
    if (this.#manifestLength < 0) throw new CorruptEnvelopeError("payload is too short");
    if (this.#sizes === null) throw new CorruptEnvelopeError("payload manifest length exceeds the payload");
    if (this.#file < this.#sizes.length) throw new CorruptEnvelopeError(SIZES);
    return { kind: "end", bodyVersion };
  }

  /** Moves past finished (and empty) files. */
  #nextFile(): void {
    const sizes = this.#sizes as number[];
    while (this.#left === 0 && this.#file < sizes.length) {
      this.#file++;
      this.#left = sizes[this.#file] ?? 0;
    }
  }

  /** Adds bytes from `rest` until `want` are gathered; `whole` is all of them once complete. */
  #gather(rest: Uint8Array, want: number): { used: number; whole: Uint8Array | null } {
    const used = Math.min(want - this.#gatheredBytes, rest.length);
    this.#gathered.push(rest.subarray(0, used));
    this.#gatheredBytes += used;
    if (this.#gatheredBytes < want) return { used, whole: null };
    const whole = new Uint8Array(want);
    let offset = 0;
    for (const piece of this.#gathered) {
      whole.set(piece, offset);
      offset += piece.length;
    }
    this.#gathered = [];
    this.#gatheredBytes = 0;
    return { used, whole };
  }
}

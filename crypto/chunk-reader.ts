/** Exact-size blocks from a byte stream chunked any way (Node gives 64 KiB, browsers vary, tests give 1 byte). */
import { HushnoteCryptoError } from "./errors";

const EMPTY = new Uint8Array(0);

/** Reads blocks of a chosen size, copying only when a block spans chunks (a view of the chunk otherwise). */
export class ChunkReader {
  #source: AsyncIterator<Uint8Array>;
  #chunk: Uint8Array = EMPTY;
  #done = false;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    if (typeof chunks?.[Symbol.asyncIterator] !== "function")
      throw new HushnoteCryptoError("a byte stream must be an AsyncIterable of Uint8Array");
    this.#source = chunks[Symbol.asyncIterator]();
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream (empty once it is exhausted). */
  async read(n: number): Promise<Uint8Array> {
    if (!(await this.#fill())) return EMPTY;
    if (this.#chunk.length >= n) return this.#take(n);
    const block = new Uint8Array(n);
    let filled = 0;
    while (filled < n && (await this.#fill())) {
      const piece = this.#take(Math.min(n - filled, this.#chunk.length));
      block.set(piece, filled);
      filled += piece.length;
    }
    return filled === n ? block : block.subarray(0, filled);
  }

  /** True when no byte is left; reads ahead one chunk at most, consuming nothing. */
  async atEnd(): Promise<boolean> {
    return !(await this.#fill());
  }

  /** Stops the source early (an error or a consumer that gave up), so a download or file read is released. */
  async cancel(): Promise<void> {
    this.#chunk = EMPTY;
    if (this.#done) return;
    this.#done = true;
    await this.#source.return?.();
  }

  #take(n: number): Uint8Array {
    const piece = this.#chunk.subarray(0, n);
    this.#chunk = this.#chunk.subarray(n);
    return piece;
  }

  /** Makes sure unread bytes are at hand, skipping empty chunks; false at the end of the stream. */
  async #fill(): Promise<boolean> {
    while (this.#chunk.length === 0 && !this.#done) {
      const next = await this.#source.next();
      if (next.done) {
        this.#done = true;
        break;
      }
      if (!(next.value instanceof Uint8Array))
        throw new HushnoteCryptoError("a byte stream must yield Uint8Array chunks");
      this.#chunk = next.value;
    }
    return this.#chunk.length > 0;
  }
}

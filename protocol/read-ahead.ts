/**
 * Pulls from a byte source ahead of its consumer, up to a bound, so the network keeps delivering while the consumer
 * decrypts and writes: without it a download waits for every record to be processed before asking for more.
 */

/** Yields `source`'s chunks in order while up to `limit` bytes more are fetched behind them. */
export async function* readAhead(source: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: Uint8Array[] = [];
  let buffered = 0;
  let ended = false;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  // Who is waiting: the consumer for a chunk, the producer for room.
  const waiting: { consumer: (() => void) | null; producer: (() => void) | null } = { consumer: null, producer: null };
  const wake = (who: "consumer" | "producer") => {
    waiting[who]?.();
    waiting[who] = null;
  };
  const producer = (async () => {
    try {
      while (!stopped) {
        if (buffered >= limit) {
          await new Promise<void>((resolve) => {
            waiting.producer = resolve;
          });
          continue;
        }
        const next = await iterator.next();
        if (next.done) break;
        queue.push(next.value);
        buffered += next.value.byteLength;
        wake("consumer");
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      wake("consumer");
    }
  })();
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        buffered -= chunk.byteLength;
        wake("producer");
        yield chunk;
      } else if (ended) {
        if (failure) throw (failure as { error: unknown }).error;
        return;
      } else {
        await new Promise<void>((resolve) => {
          waiting.consumer = resolve;
        });
      }
    }
  } finally {
    // A consumer that stops early stops the source too (its finally blocks cancel the network stream).
    stopped = true;
    wake("producer");
    // Not awaited: a source waiting on a stalled network would hold the consumer's error up until a byte arrived.
    if (!ended) iterator.return?.().catch(() => undefined);
    producer.catch(() => undefined);
  }
}

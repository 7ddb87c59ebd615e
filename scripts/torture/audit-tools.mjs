// What every part of the audit shares: steady non-consuming reads, a bounded pool, one audited open, opened counts.
import { isGone } from "./ledger.mjs";
import { fingerprint } from "./random.mjs";

/** A read that consumes nothing, tried a few times: the audit must not mistake a hiccup for a lost note. */
export async function steady(call) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (isGone(error) || attempt === 3) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Runs `work` over `items`, `width` at a time. */
export async function pool(items, width, work) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (queue.length > 0) await work(queue.shift());
    }),
  );
}

/**
 * One audit open: "delivered" (the right content), "gone", "other content", or what failed. `info`: the note's public
 * header from an earlier inspect, for a repeat after the note burned (its GET then answers 404).
 */
export async function auditOpen(sdk, note, info = null) {
  try {
    const read = await sdk.read({ link: note.link, info: info ?? (await steady(() => sdk.inspect(note.link))) });
    return fingerprint(read.text) === note.hash ? "delivered" : "other content";
  } catch (error) {
    return isGone(error) ? "gone" : `failed (${error?.name} ${error?.status ?? error?.code ?? ""}: ${error?.message})`;
  }
}

/** The note's receipt (read steadily) and the views it records as opened. */
export async function receiptOf(sdk, note) {
  const receipt = await steady(() => sdk.status({ manageLink: note.manageLink }));
  return { receipt, opened: receipt.events.filter((e) => e.type === "opened").length };
}

// The notes' audit, once the runtime has been killed for the last time: every acknowledged note is compared with its
// receipt, then every view it still has is actually opened, and one more open must find it gone.
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

/** One audit open: "delivered" (the right content), "gone", or what failed. */
async function auditOpen(sdk, note) {
  try {
    const read = await sdk.read({ link: note.link, info: await steady(() => sdk.inspect(note.link)) });
    return fingerprint(read.text) === note.hash ? "delivered" : "other content";
  } catch (error) {
    return isGone(error) ? "gone" : `failed (${error?.name} ${error?.status ?? error?.code ?? ""}: ${error?.message})`;
  }
}

/** Audits one note; returns its tallies and pushes a sentence per broken promise onto `violations`. */
async function auditNote(sdk, note, violations) {
  const t = { consumedUndelivered: 0, leftAvailable: 0, redeemed: 0, falseGone: 0, lost: 0, doubled: 0 };
  const tag = `note ${note.id} (views ${note.views}, delivered ${note.delivered}, failed opens ${note.failedOpens})`;
  let receipt;
  try {
    receipt = await steady(() => sdk.status({ manageLink: note.manageLink }));
  } catch (error) {
    violations.push(`${tag}: its receipt cannot be read: ${error?.message}`);
    return t;
  }
  const opened = receipt.events.filter((e) => e.type === "opened").length;
  if (note.delivered > note.views) {
    t.doubled += note.delivered - note.views;
    violations.push(`${tag}: delivered more often than its views allow`);
  }
  if (note.delivered > opened) violations.push(`${tag}: delivered ${note.delivered} times, receipt records ${opened}`);
  t.consumedUndelivered = Math.max(0, opened - note.delivered);
  if (t.consumedUndelivered > note.failedOpens)
    violations.push(`${tag}: ${opened} views recorded, more than delivered plus failed opens`);
  t.leftAvailable = Math.max(0, note.failedOpens - t.consumedUndelivered);
  let remaining = 0;
  if (receipt.state === "live") {
    remaining = note.views - opened;
    if (receipt.viewsLeft !== remaining)
      violations.push(`${tag}: receipt says ${receipt.viewsLeft} views left, its events ${remaining}`);
    if (note.revoked === "acked" || note.revoked === "gone")
      violations.push(`${tag}: a revoke answered ${note.revoked === "acked" ? "done" : "gone"}, yet it is live`);
  } else if (receipt.state === "destroyed") {
    if (receipt.reason === "burned" && opened !== note.views)
      violations.push(`${tag}: burned after ${opened} recorded views`);
    if (receipt.reason === "deleted" && note.revoked === null)
      violations.push(`${tag}: deleted, but nobody revoked it`);
    if (!["burned", "deleted"].includes(receipt.reason)) violations.push(`${tag}: destroyed (${receipt.reason})`);
    // A revoke racing the last view may be acknowledged after the view burned the note: gone either way.
    if (note.revoked === "acked" && !["deleted", "burned"].includes(receipt.reason))
      violations.push(`${tag}: revoke acknowledged, receipt says ${receipt.reason}`);
  } else violations.push(`${tag}: receipt state ${receipt.state} for an acknowledged note`);
  if (note.goneAnswers > 0 && remaining > 0 && note.revoked === null) {
    t.falseGone = note.goneAnswers;
    violations.push(`${tag}: a reader was told it was gone while ${remaining} views were left`);
  }
  for (let i = 0; i < remaining; i++) {
    const outcome = await auditOpen(sdk, note);
    if (outcome !== "delivered") {
      violations.push(`${tag}: view ${i + 1} of the ${remaining} left did not open: ${outcome}`);
      t.lost += remaining - i;
      return t;
    }
    t.redeemed++;
  }
  const after = await auditOpen(sdk, note);
  if (after !== "gone") {
    if (after === "delivered") t.doubled++;
    violations.push(`${tag}: after every view was taken, an open answered ${after}`);
  }
  return t;
}

/** Audits every acknowledged note of the workload; returns the totals the table shows and the violations. */
export async function auditNotes(sdk, record) {
  const notes = [...record.notes.values()];
  const violations = [];
  const totals = { consumedUndelivered: 0, leftAvailable: 0, redeemed: 0, falseGone: 0, lost: 0, doubled: 0 };
  await pool(notes, 6, async (note) => {
    const t = await auditNote(sdk, note, violations);
    for (const key of Object.keys(totals)) totals[key] += t[key];
  });
  const oneTime = notes.filter((n) => n.views === 1);
  return {
    notes: notes.length,
    oneTime: oneTime.length,
    oneTimeTwice: oneTime.filter((n) => n.delivered > 1).length,
    delivered: notes.reduce((s, n) => s + n.delivered, 0),
    failedOpens: notes.reduce((s, n) => s + n.failedOpens, 0),
    revoked: notes.filter((n) => n.revoked === "acked").length,
    ...totals,
    violations,
  };
}

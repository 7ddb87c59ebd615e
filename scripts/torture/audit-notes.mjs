// The notes' audit, once the runtime has been killed for the last time: every acknowledged note is compared with its
// receipt, then every view it still has is actually opened, and one more open must find it gone.
import { auditOpen, pool, receiptOf } from "./audit-tools.mjs";
import { callContext } from "./wire.mjs";

/** One note's figures, summed over all notes for the table. */
const tallies = () => ({
  ...{ consumedUndelivered: 0, leftAvailable: 0, byGrant: 0, unredeemed: 0 },
  ...{ redeemed: 0, falseGone: 0, lost: 0, doubled: 0 },
});

/**
 * Replays the grant of each failed open of `note`: a repeat (delivered, no new view recorded) redeems a view the
 * failed open consumed; a fresh open (a new view recorded) means that failed open had consumed nothing.
 */
async function replayGrants(sdk, note, opened, tag, violations) {
  let repeats = 0;
  let fresh = 0;
  for (const grant of note.failedGrants) {
    const outcome = await callContext.run({ grant }, () => auditOpen(sdk, note, note.info));
    const now = (await receiptOf(sdk, note)).opened;
    if (outcome === "delivered") {
      if (now === opened) repeats++;
      else fresh++;
    } else if (outcome !== "gone") violations.push(`${tag}: replaying a failed open's grant answered ${outcome}`);
    opened = now;
  }
  return { repeats, fresh };
}

/** Audits one note; returns its tallies and pushes a sentence per broken promise onto `violations`. */
async function auditNote(sdk, note, violations) {
  const t = tallies();
  const tag = `note ${note.id} (views ${note.views}, delivered ${note.delivered}, failed opens ${note.failedOpens})`;
  let before;
  try {
    before = await receiptOf(sdk, note);
  } catch (error) {
    violations.push(`${tag}: its receipt cannot be read: ${error?.message}`);
    return t;
  }
  const { opened } = before;
  if (note.delivered > note.views) {
    t.doubled += note.delivered - note.views;
    violations.push(`${tag}: delivered more often than its views allow`);
  }
  if (note.delivered > opened) violations.push(`${tag}: delivered ${note.delivered} times, receipt records ${opened}`);
  t.consumedUndelivered = Math.max(0, opened - note.delivered);
  if (t.consumedUndelivered > note.failedOpens)
    violations.push(`${tag}: ${opened} views recorded, more than delivered plus failed opens`);
  t.leftAvailable = Math.max(0, note.failedOpens - t.consumedUndelivered);
  // A view recorded as delivered belongs to the grant of the open that consumed it: replaying that grant, as a
  // client that kept it would, must deliver it (without a new view) while the grant lasts. A revoke ends grants.
  const replay = await replayGrants(sdk, note, opened, tag, violations);
  t.byGrant = replay.repeats;
  if (note.revoked === null) t.unredeemed = Math.max(0, t.consumedUndelivered - replay.repeats);
  if (note.revoked === null && replay.repeats < t.consumedUndelivered)
    violations.push(
      `${tag}: ${t.consumedUndelivered} views recorded undelivered, only ${replay.repeats} redeemed by grant`,
    );
  t.redeemed += replay.fresh;
  const { receipt } = replay.fresh + replay.repeats > 0 ? await receiptOf(sdk, note) : before;
  let remaining = 0;
  if (receipt.state === "live") {
    remaining = note.views - opened - replay.fresh;
    if (receipt.viewsLeft !== remaining)
      violations.push(`${tag}: receipt says ${receipt.viewsLeft} views left, its events ${remaining}`);
    if (note.revoked === "acked" || note.revoked === "gone")
      violations.push(`${tag}: a revoke answered ${note.revoked === "acked" ? "done" : "gone"}, yet it is live`);
  } else if (receipt.state === "destroyed") {
    if (receipt.reason === "burned" && opened + replay.fresh !== note.views)
      violations.push(`${tag}: burned after ${opened + replay.fresh} recorded views`);
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
  const totals = tallies();
  await pool(notes, 6, async (note) => {
    const t = await auditNote(sdk, note, violations);
    for (const [key, n] of Object.entries(t)) totals[key] += n;
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

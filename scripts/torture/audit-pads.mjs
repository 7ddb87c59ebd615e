// The notepads' and expiries' audit: each notepad holds a save a writer sent, at or past the latest acknowledged
// version, and no writer's memory of it is rolled back; each 60 s note was destroyed by its alarm, not by the audit.

import { steady } from "./audit-tools.mjs";
import { isGone } from "./ledger.mjs";
import { fingerprint } from "./random.mjs";

/** Audits one notepad against every save sent to it; pushes a sentence per broken promise onto `violations`. */
async function auditPad(sdk, origin, pad, memories, violations) {
  const acked = pad.saves.filter((s) => s.outcome === "acknowledged");
  const top = acked.reduce((best, s) => (best && best.version >= s.version ? best : s), null);
  const tag = `pad ${pad.name} (${pad.saves.length} saves sent, ${acked.length} acknowledged, latest v${top?.version})`;
  const byVersion = new Map();
  for (const s of acked) {
    const other = byVersion.get(s.version);
    if (other) violations.push(`${tag}: two different saves were both acknowledged as v${s.version}`);
    byVersion.set(s.version, s);
  }
  let final = null;
  try {
    final = await steady(() => sdk.padGet({ server: origin, name: pad.name, password: pad.password }));
  } catch (error) {
    if (!isGone(error) || top) violations.push(`${tag}: it does not open: ${error?.message}`);
  }
  // Each writer's own memory (the highest version it saw): opening with it must not find a rollback.
  for (const [w, remembered] of memories.map((m) => m.get(pad.name)).entries()) {
    if (!remembered?.memory) continue;
    await steady(() => sdk.padGet({ server: origin, name: pad.name, password: pad.password, remembered })).catch(
      (error) => violations.push(`${tag}: writer ${w}'s client refuses it now: ${error?.message}`),
    );
  }
  if (!final) return { version: null, matched: null };
  const hash = fingerprint(final.text);
  const sent = pad.saves.find((s) => s.hash === hash);
  if (!sent) violations.push(`${tag}: holds content no writer sent`);
  else if (sent.outcome === "conflict") violations.push(`${tag}: holds a save the server refused with a conflict`);
  if (top && final.version < top.version) violations.push(`${tag}: at v${final.version}, below an acknowledged save`);
  if (top && final.version === top.version && hash !== top.hash)
    violations.push(`${tag}: at the latest acknowledged version, but not with that save's content`);
  return { version: final.version, matched: sent?.outcome ?? "none" };
}

/** Audits every shared notepad. */
export async function auditPads(sdk, run) {
  const violations = [];
  const pads = [];
  for (const pad of run.record.pads.values()) {
    const saves = pad.saves;
    const found = await auditPad(sdk, run.origin, pad, run.padMemories, violations);
    pads.push({
      name: pad.name,
      sent: saves.length,
      acknowledged: saves.filter((s) => s.outcome === "acknowledged").length,
      conflicts: saves.filter((s) => s.outcome === "conflict").length,
      unknown: saves.filter((s) => s.outcome === "unknown").length,
      ...found,
    });
  }
  return { pads, violations };
}

/**
 * The 60 s notes, audited after their expiry: each receipt says destroyed (expired) at a time before `auditStart` (so
 * the alarm did it, across the restarts, not the audit's own read), and the note itself answers gone.
 */
export async function auditExpiry(sdk, record, auditStart) {
  const violations = [];
  let byAlarm = 0;
  for (const note of record.expiring) {
    const tag = `60 s note ${note.id} (expired at +${((note.expiresAt - record.t0) / 1000).toFixed(1)} s)`;
    try {
      const receipt = await steady(() => sdk.status({ manageLink: note.manageLink }));
      const destroyed = receipt.events.find((e) => e.type === "destroyed");
      if (receipt.state !== "destroyed" || receipt.reason !== "expired")
        violations.push(`${tag}: receipt says ${receipt.state} (${receipt.reason}) after its expiry`);
      else if (!destroyed || destroyed.at >= auditStart)
        violations.push(
          `${tag}: destroyed only when the audit read it (at +${((destroyed?.at - record.t0) / 1000).toFixed(1)} s): its alarm did not fire`,
        );
      else byAlarm++;
    } catch (error) {
      violations.push(`${tag}: its receipt cannot be read: ${error?.message}`);
    }
    const open = await steady(() => sdk.inspect(note.link)).then(
      () => "still there",
      (error) => (isGone(error) ? "gone" : error?.message),
    );
    if (open !== "gone") violations.push(`${tag}: after its expiry the note answers: ${open}`);
  }
  return { notes: record.expiring.length, byAlarm, violations };
}

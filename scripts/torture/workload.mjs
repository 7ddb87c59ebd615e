// The notes half of the workload, through the CLI's SDK (the real protocol code with its retries): creators, readers
// (some racing for a note's last view), a revoker, and the 60 s notes whose expiry must survive the crashes.
import { count, cutOutcome, failed, isGone, noteEntry } from "./ledger.mjs";
import { fingerprint, noteSize, text } from "./random.mjs";
import { callContext } from "./wire.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens one note once, recording the outcome; `inspect` first (it consumes nothing), so a failure there is harmless. */
async function openOnce(run, note) {
  const { sdk, record } = run;
  note.inFlight++;
  try {
    let info;
    try {
      info = await sdk.inspect(note.link);
    } catch (error) {
      if (isGone(error)) {
        note.goneAnswers++;
        count(record, "open", "gone");
      } else await failed(record, "inspect", error);
      return;
    }
    // Kept for a repeat of the open after the note burned, when its GET answers 404 (the header never changes).
    note.info = info;
    const context = {};
    try {
      const read = await callContext.run(context, () => sdk.read({ link: note.link, info }));
      if (fingerprint(read.text) !== note.hash)
        record.anomalies.push(`note ${note.id}: an open delivered other content`);
      note.delivered++;
      count(record, "open", "delivered");
      cutOutcome(record, context, "open", "completed");
    } catch (error) {
      if (isGone(error)) {
        note.goneAnswers++;
        count(record, "open", "gone");
        if (note.revoked === null) cutOutcome(record, context, "open", "refused", error);
      } else {
        note.failedOpens++;
        // Its grant, if the open request went out: the audit replays it, as a client that kept it would.
        if (context.grant) note.failedGrants.push(context.grant);
        cutOutcome(record, context, "open", "failed");
        await failed(record, "open", error);
      }
    }
  } finally {
    note.inFlight--;
  }
}

/** Sends one note and records it once acknowledged; a failure (after the SDK's retries) is recorded as such. */
async function create(run, { views, ttl, label, keepOne }) {
  const { sdk, record, random, origin, config } = run;
  const content = text(random, label, noteSize(random));
  const context = {};
  try {
    const sent = await callContext.run(context, () => sdk.send({ server: origin, config, text: content, views, ttl }));
    count(record, "create", "acknowledged");
    cutOutcome(record, context, "create", "completed");
    return noteEntry(sent, fingerprint(content), keepOne);
  } catch (error) {
    cutOutcome(record, context, "create", error?.status >= 400 && error?.status < 500 ? "refused" : "failed", error);
    await failed(record, "create", error);
    return null;
  }
}

/** Notes that live 60 s and are never opened: created first, so their alarms must fire after the kills. */
export async function createExpiring(run, n) {
  for (let i = 0; i < n; i++) {
    const note = await create(run, { views: 2, ttl: 60, label: `expiring ${i}`, keepOne: false });
    if (note) run.record.expiring.push(note);
  }
}

/** Views a reader may still take from `note` without racing past what the ledger already counts. */
const openable = (note) => note.views - note.delivered - note.inFlight - (note.keepOne ? 1 : 0);

async function creator(run, k) {
  for (let n = 0; Date.now() < run.deadline; n++) {
    const views = run.random.chance(0.4) ? 1 : run.random.int(2, 5);
    const note = await create(run, { views, ttl: 3600, label: `note ${k}.${n}`, keepOne: run.random.chance(0.3) });
    if (note) run.record.notes.set(note.id, note);
    await sleep(run.random.int(20, 200));
  }
}

async function reader(run) {
  const { random, record } = run;
  while (Date.now() < run.deadline) {
    const candidates = [...record.notes.values()].filter((n) => n.revoked === null && openable(n) > 0);
    if (candidates.length === 0) {
      await sleep(100);
      continue;
    }
    const note = random.pick(candidates);
    // A race: several readers at once for the note's last view(s); at most the views left may win.
    const racers = random.chance(0.25) ? random.int(2, 4) : 1;
    if (racers > 1) count(record, "race", `of ${racers}`);
    await Promise.all(Array.from({ length: racers }, () => openOnce(run, note)));
    await sleep(random.int(10, 150));
  }
}

async function revoker(run) {
  const { sdk, random, record } = run;
  while (Date.now() < run.deadline) {
    await sleep(random.int(1000, 3000));
    const live = [...record.notes.values()].filter((n) => n.revoked === null && n.delivered < n.views);
    if (live.length === 0) continue;
    const note = random.pick(live);
    try {
      await sdk.revoke({ manageLink: note.manageLink });
      note.revoked = "acked";
      count(record, "revoke", "acknowledged");
    } catch (error) {
      if (isGone(error)) {
        note.revoked = "gone";
        count(record, "revoke", "gone");
      } else {
        note.revoked = "unknown";
        await failed(record, "revoke", error);
      }
    }
  }
}

/** Runs creators, readers and a revoker until `run.deadline`; resolves when every loop has finished its last call. */
export function noteWorkload(run, { creators = 2, readers = 3 } = {}) {
  return Promise.all([
    ...Array.from({ length: creators }, (_, k) => creator(run, k)),
    ...Array.from({ length: readers }, () => reader(run)),
    revoker(run),
  ]);
}

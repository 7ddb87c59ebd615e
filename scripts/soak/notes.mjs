// The soak's notes, through the CLI's own SDK (what `hushnote send`, `read`, `status`, `revoke` run): link-only notes
// created, described, opened, receipted and revoked, each answer checked against what was sent and what is left.
import { inspect, read, revoke, send, status } from "../../cli/dist/sdk.mjs";
import { expectSame, Mismatch } from "./check.mjs";
import { noteText } from "./random.mjs";

/** The shortest expiry the instance offers, so a full run sees notes expire and their alarms fire under load. */
const TTL = 300;
/** A note this close to its expiry is left alone: an answer at the boundary could honestly go either way. */
const MARGIN_MS = 60_000;
/** Destroyed notes kept for receipts and "opens nothing twice" checks. */
const KEEP_GONE = 500;

/**
 * Notes against `server` (the instance's `config` fetched once). Each operation is `prepare()`: null when no note
 * suits it, else a function that runs it; prepare reserves its note, so no two operations touch one note at once and
 * every count (views left, opens recorded) is exact.
 */
export function noteWorkload(server, config, random) {
  const live = [];
  const expiring = [];
  const gone = [];
  let serial = 0;
  const pick = (list, fits) => {
    const now = Date.now();
    // Notes near expiry leave the live set; once surely expired, they join the destroyed ones.
    for (let i = live.length - 1; i >= 0; i--)
      if (!live[i].busy && live[i].expiresAt - now < MARGIN_MS) expiring.push(...live.splice(i, 1));
    for (let i = expiring.length - 1; i >= 0; i--)
      if (now > expiring[i].expiresAt + 5000) bury(expiring.splice(i, 1)[0], "expired");
    const candidates = list.filter((n) => !n.busy && fits(n));
    if (candidates.length === 0) return null;
    const note = candidates[Math.floor(random() * candidates.length)];
    note.busy = true;
    return note;
  };
  const bury = (note, reason) => {
    const at = live.indexOf(note);
    if (at >= 0) live.splice(at, 1);
    note.gone = reason;
    gone.push(note);
    if (gone.length > KEEP_GONE) gone.shift();
  };
  // An operation that failed leaves its note in an unknown state: it leaves the workload, so one error is one error.
  const using = (note, run) => async () => {
    try {
      await run(note);
      note.busy = false;
    } catch (error) {
      if (!note.gone) bury(note, "unknown");
      throw error;
    }
  };

  const create = (views) => () => async () => {
    const text = noteText(random, ++serial);
    const sent = await send({ server, config, text, views, ttl: TTL });
    expectSame("create views left", sent.viewsLeft, views);
    live.push({ ...sent, text, views, opened: 0, busy: false, gone: null, info: null });
  };

  const open = (oneTime) => () => {
    const note = pick(live, (n) => (n.views === 1) === oneTime);
    return (
      note &&
      using(note, async () => {
        // What `hushnote read` does: the non-consuming GET, then the open; the GET's answer is kept for gone checks.
        note.info = await inspect(note.link);
        expectSame("views left before open", note.info.viewsLeft, note.views - note.opened);
        const got = await read({ link: note.link, info: note.info });
        note.opened += 1;
        if (got.text !== note.text) throw new Mismatch("body", `note ${note.id} delivered other text than was sent`);
        expectSame("views left after open", got.viewsLeft, note.views - note.opened);
        if (note.opened === note.views) bury(note, "burned");
      })
    );
  };

  return {
    counts: () => ({ live: live.length, expiring: expiring.length, gone: gone.length }),
    ops: {
      "create-1": create(1),
      "create-n": () => create(2 + Math.floor(random() * 4))(),
      "open-1": open(true),
      "open-n": open(false),
      status: () => {
        const note = pick(live, () => true);
        return (
          note &&
          using(note, async () => {
            const info = await inspect(note.link);
            expectSame("status views left", info.viewsLeft, note.views - note.opened);
            expectSame("status expiry", info.expiresAt, note.expiresAt);
            expectSame("status header views", info.header.views, note.views);
          })
        );
      },
      receipt: () => {
        const note = pick(random() < 0.7 ? live : gone, (n) => n.gone !== "expired" && n.gone !== "unknown");
        return (
          note &&
          using(note, async () => {
            const receipt = await status({ manageLink: note.manageLink });
            expectSame("receipt state", receipt.state, note.gone ? "destroyed" : "live");
            if (note.gone) expectSame("receipt reason", receipt.reason, note.gone);
            else expectSame("receipt views left", receipt.viewsLeft, note.views - note.opened);
            const opens = receipt.events.filter((e) => e.type === "opened").length;
            expectSame("receipt opens recorded", opens, note.opened);
          })
        );
      },
      delete: () => {
        const note = pick(live, () => true);
        return (
          note &&
          using(note, async () => {
            await revoke({ manageLink: note.manageLink });
            bury(note, "deleted");
          })
        );
      },
      // A burned, revoked or expired note must open nothing: with the GET's answer in hand the SDK goes straight to
      // POST /open, so this asks the object itself, not only the public status.
      "open-gone": () => {
        const note = pick(gone, (n) => n.gone !== "unknown");
        return (
          note &&
          using(note, async () => {
            try {
              await read({ link: note.link, ...(note.info ? { info: note.info } : {}) });
            } catch (error) {
              if (error?.name === "SdkError" && error.code === "gone") return;
              throw error;
            }
            throw new Mismatch("opened after destroyed", `note ${note.id} (${note.gone}) opened again`);
          })
        );
      },
    },
  };
}

// npm run torture [-- --quick] [--seed N] [--kills N] [--seconds N] [--outage S] [--json] [--log]: a mixed workload
// through the CLI's SDK against the real `wrangler dev` on persisted state, SIGKILL of the whole runtime at random
// moments with a restart on the same state (one crash, unless --quick, stays down longer than the clients retry),
// then an audit of everything the clients were told (scripts/torture/*.mjs). Exit 1 on any lost, doubled or wrongly
// consumed note or pad version. Loopback only; stops by itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "./bench/server.mjs";
import { startDev, stopAllDev } from "./lib/wrangler-dev.mjs";
import { auditNotes } from "./torture/audit-notes.mjs";
import { auditExpiry, auditPads } from "./torture/audit-pads.mjs";
import { killer, killTimes } from "./torture/killer.mjs";
import { ledger } from "./torture/ledger.mjs";
import { padNames, padWorkload } from "./torture/pads.mjs";
import { prng } from "./torture/random.mjs";
import { report, rows } from "./torture/table.mjs";
import { watchRequests } from "./torture/wire.mjs";
import { createExpiring, noteWorkload } from "./torture/workload.mjs";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    seed: { type: "string" },
    kills: { type: "string" },
    seconds: { type: "string" },
    outage: { type: "string" },
    json: { type: "boolean", default: false },
    log: { type: "boolean", default: false },
  },
});
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(args.seed);
const kills = Number(args.kills ?? (args.quick ? 3 : 6));
const seconds = Number(args.seconds ?? (args.quick ? 45 : 180));
/**
 * Seconds the middle crash (the one that cuts an open's answer) stays down before its restart: longer than the SDK's
 * retries (about 25 s) in full runs, so some calls fail for good.
 */
const outage = Number(args.outage ?? (args.quick ? 0 : 30));
if (![seed, kills, seconds, outage].every(Number.isSafeInteger) || kills < 0 || seconds < 10 || outage < 0)
  throw new Error("--seed, --kills and --outage take whole numbers, --seconds at least 10");
/**
 * Rate limits off: the workload is one client address, far above any per-address allowance. A 60 s expiry choice,
 * for the notes whose alarms must fire across the restarts.
 */
const VARS = { RATE_LIMITS: "false", EXPIRY_CHOICES: "60,3600,86400" };
/** The 60 s notes' alarms get this long past their expiry before the audit looks. */
const ALARM_SLACK_MS = 5000;

const say = (line) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Whatever ends this process (an error, Ctrl-C, the watchdog) ends the runtime too.
process.on("exit", stopAllDev);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
const watchdog = setTimeout(
  () => {
    console.error("torture: the watchdog stopped a run that went on too long");
    process.exit(2);
  },
  (seconds + outage + 240) * 1000,
);
watchdog.unref();

const sdk = await import(new URL("../cli/dist/sdk.mjs", import.meta.url).href);
const persist = mkdtempSync(join(tmpdir(), "hushnote-torture-state-"));
const random = prng(seed);
const t0 = Date.now();
const port = await freePort();
const more = outage > 0 ? ` and stays down ${outage} s more` : "";
const long = kills > 0 ? `, crash ${(kills >> 1) + 1} cuts an open's answer${more}` : "";
say(`torture: seed ${seed}, ${kills} kills over ${seconds} s${long}, state in ${persist}, port ${port}`);
const run = { sdk, random, persist, port, t0, record: ledger(t0), padMemories: [] };
watchRequests(run);
run.dev = await startDev({ persist, port, vars: VARS, log: args.log });
run.origin = run.dev.origin;
run.config = await (await fetch(`${run.origin}/api/config`)).json();

// The 60 s notes first, so that every kill falls before their expiry; then the workload and the killer together.
await createExpiring(run, 6);
padNames(run.record, seed, 2);
const start = Date.now() - t0;
run.deadline = t0 + start + seconds * 1000;
const times = killTimes(random, kills, start + 3000, start + seconds * 1000 - 3000);
const [crashes] = await Promise.all([
  killer(run, times, {
    vars: VARS,
    log: args.log,
    outageMs: outage * 1000,
  }),
  noteWorkload(run),
  padWorkload(run),
]);
say(`torture: workload done after ${((Date.now() - t0) / 1000).toFixed(0)} s; auditing`);

const lastExpiry = Math.max(0, ...run.record.expiring.map((n) => n.expiresAt));
if (Date.now() < lastExpiry + ALARM_SLACK_MS) {
  say(
    `torture: waiting ${((lastExpiry + ALARM_SLACK_MS - Date.now()) / 1000).toFixed(0)} s for the 60 s notes' expiry`,
  );
  await sleep(lastExpiry + ALARM_SLACK_MS - Date.now());
}
const auditStart = Date.now();
const expiry = await auditExpiry(sdk, run.record, auditStart);
const notes = await auditNotes(sdk, run.record);
const pads = await auditPads(sdk, run);
await run.dev.stop();

const { record } = run;
const violations = [...record.anomalies, ...notes.violations, ...pads.violations, ...expiry.violations];
if (crashes.length !== kills) violations.push(`only ${crashes.length} of ${kills} kills happened`);
const table = rows({
  crashes,
  kills,
  counts: record.counts,
  failures: record.failures,
  anomalies: record.anomalies,
  notes,
  pads,
  expiry,
});
const elapsed = (Date.now() - t0) / 1000;
const ok = violations.length === 0;
const summary =
  `torture ${ok ? "passed" : "FAILED"}: ${crashes.length} kills survived, ${table[1][1]} operations, ` +
  `${notes.notes} notes acknowledged, ${notes.delivered} opens delivered (+${notes.redeemed} in the audit), ` +
  `${notes.lost} lost, ${notes.doubled} doubled, ${violations.length} violations, ${elapsed.toFixed(0)} s (seed ${seed})`;
const result = {
  seed,
  kills,
  seconds,
  elapsed,
  crashes,
  counts: record.counts,
  failures: record.failures,
  notes,
  pads,
  expiry,
  table,
  violations,
  ok,
  summary,
};
const rowsAsObjects = table.map(([check, count, ok]) => ({ check, count, ok }));
if (args.json) process.stdout.write(`${JSON.stringify({ ...result, table: rowsAsObjects }, null, 2)}\n`);
else say(report(result));
if (ok) rmSync(persist, { recursive: true, force: true });
else say(`torture: the state is kept for inspection in ${persist}`);
process.exit(ok ? 0 : 1);

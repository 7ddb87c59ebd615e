// The audit as a person reads it (an aligned table: check | count | result, the broken promises, a summary line) or
// as a machine does (--json). A row's result is "ok", "VIOLATION" or "-" (a figure, not a promise).

const otherContent = (anomaly) => anomaly.includes("delivered other content");

/** The rows of the audit table from the run's figures; `ok` is null for rows that are figures only. */
export function rows({ crashes, kills, counts, failures, anomalies, notes, pads, expiry }) {
  const sum = (prefix) =>
    Object.entries(counts)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((s, [, v]) => s + v, 0);
  const operations = ["create", "open", "inspect", "revoke", "pad open", "pad save"].reduce(
    (s, op) => s + sum(`${op} `),
    0,
  );
  const padViolations = pads.violations.length;
  const distrusted = anomalies.filter((a) => a.includes("refused the server's answer")).length;
  const cut = (outcome) => sum(`cut open ${outcome}`) + sum(`cut save ${outcome}`) + sum(`cut create ${outcome}`);
  const padSaves = pads.pads.reduce((t, p) => ({ a: t.a + p.acknowledged, c: t.c + p.conflicts, u: t.u + p.unknown }), {
    a: 0,
    c: 0,
    u: 0,
  });
  return [
    [
      "runtime SIGKILLed (whole process group) and restarted",
      `${crashes.length} of ${kills}`,
      crashes.length === kills,
    ],
    ["operations (creates, opens, revokes, pad opens and saves)", operations, null],
    ["  failed after the SDK's own retries (²)", failures.length, null],
    ["notes acknowledged (201 and every part stored)", notes.notes, null],
    ["opens delivered during the run, content matching", notes.delivered, !anomalies.some(otherContent)],
    ["views delivered beyond a note's allowance (doubled)", notes.doubled, notes.doubled === 0],
    ["one-time notes delivered more than once", `${notes.oneTimeTwice} of ${notes.oneTime}`, notes.oneTimeTwice === 0],
    ["views left, opened by the audit, then 404", notes.redeemed, null],
    ["views left that did not open (lost)", notes.lost, notes.lost === 0],
    ["answers a crash cut: completed by the SDK's retry / failed", `${cut("completed")} / ${cut("failed")}`, null],
    ["answers a crash cut, then refused on retry (not recognised)", cut("refused"), cut("refused") === 0],
    ["failed opens whose view was still available (¹)", notes.leftAvailable, null],
    ["failed opens recorded as delivered (¹)", notes.consumedUndelivered, null],
    ["  redeemed by replaying that open's own grant", notes.byGrant, notes.unredeemed === 0],
    ["readers told 'gone' while views were left", notes.falseGone, notes.falseGone === 0],
    ["revokes acknowledged, note gone", notes.revoked, null],
    ["every note's receipt agrees with what clients saw", notes.notes, notes.violations.length === 0],
    ["pad saves acknowledged / conflict (409) / unknown", `${padSaves.a} / ${padSaves.c} / ${padSaves.u}`, null],
    ["pad writers refusing the server's answer (rollback, freed)", distrusted, distrusted === 0],
    [
      "pads holding a sent save at or past the latest ack",
      `${pads.pads.length - padViolations} of ${pads.pads.length}`,
      padViolations === 0,
    ],
    [
      "60 s notes destroyed by their alarm across restarts",
      `${expiry.byAlarm} of ${expiry.notes}`,
      expiry.violations.length === 0,
    ],
  ];
}

const FOOTNOTES = [
  "(¹) An open whose answer never reached the client, after the SDK's retries ran out (the runtime stayed down). Still",
  "    available: the crash came before the server consumed the view, so it stayed for anyone. Recorded as delivered:",
  "    the consume had committed first; per SPEC §1b that view belongs to the grant the reader's open carried, so the",
  "    audit replays that grant, as a client that kept it would, and must get the note without a new view recorded",
  "    (nobody without the grant can). A revoke ends grants, so a revoked note's such views are not replayed.",
  "(²) Failures are expected while the runtime is down; the promise is about acknowledged work, not about every call.",
];

/** The table as aligned text. */
export function formatTable(table) {
  const header = ["check", "count", "result"];
  const cells = table.map(([check, n, ok]) => [check, String(n), ok === null ? "-" : ok ? "ok" : "VIOLATION"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 1 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(" | ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line)].join("\n");
}

/** Failures grouped by operation and kind, most frequent first: "open ApiError 0 ×12". */
export function failureSummary(failures) {
  const groups = new Map();
  for (const f of failures) groups.set(`${f.op} ${f.kind}`, (groups.get(`${f.op} ${f.kind}`) ?? 0) + 1);
  return [...groups].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`);
}

/** The whole human report: table, footnotes, failures, violations, crashes, summary line. */
export function report(result) {
  const out = [formatTable(result.table), "", ...FOOTNOTES];
  const failures = failureSummary(result.failures);
  if (failures.length > 0) out.push("", `failures: ${failures.join(", ")}`);
  const crashes = result.crashes.map(
    (c) =>
      `+${(c.at / 1000).toFixed(1)} s (in flight: ${c.inFlight || "nothing"}; down ${(c.downMs / 1000).toFixed(1)} s)`,
  );
  out.push(`crashes: ${crashes.join(", ") || "none"}`);
  if (result.violations.length > 0) out.push("", "VIOLATIONS:", ...result.violations.map((v) => `  - ${v}`));
  out.push("", result.summary);
  return out.join("\n");
}

// The notepad half of the workload: writers that open a shared notepad, edit it and save over the version they read
// (a 409 is normal: someone saved first, so they reopen and try again). Every save sent is recorded with its outcome.
import { count, cutOutcome, failed, isGone } from "./ledger.mjs";
import { fingerprint, text } from "./random.mjs";
import { callContext } from "./wire.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The shared notepads of a run: fresh names (the seed and the time), one password each. */
export function padNames(record, seed, n) {
  for (let i = 0; i < n; i++) {
    const name = `torture-${seed}-${Date.now().toString(36)}-${i}`;
    record.pads.set(name, { name, password: `torture pad ${i} password`, saves: [] });
  }
}

/** One writer's memory of each notepad (key parameters, highest version seen, device), as the CLI keeps it. */
function memoryOf(memories, name) {
  if (!memories.has(name)) memories.set(name, {});
  const remembered = memories.get(name);
  return { remembered, onRemember: (r) => Object.assign(remembered, r) };
}

/** A client refusing what the server sent (a rollback, a freed address it remembers, altered data) is an anomaly. */
function damaged(record, pad, w, error) {
  if (error?.name === "SdkError" && error.code === "damaged") {
    record.anomalies.push(`pad ${pad.name}: writer ${w} refused the server's answer: ${error.message}`);
    return true;
  }
  return false;
}

/** One edit: open (or find the address free), then save new text over the version read. */
async function edit(run, pad, w, n, memory) {
  const { sdk, record, random, origin, config } = run;
  const options = { server: origin, name: pad.name, password: pad.password, ...memory };
  let base;
  try {
    base = (await sdk.padGet(options)).version;
  } catch (error) {
    if (isGone(error)) base = undefined;
    else {
      if (!damaged(record, pad, w, error)) await failed(record, "pad open", error);
      return;
    }
  }
  const content = text(random, `${pad.name} writer ${w} save ${n}`, random.int(200, 4000));
  const save = { writer: w, hash: fingerprint(content), base: base ?? 0, outcome: "sending", version: null };
  pad.saves.push(save);
  const context = {};
  const put = { ...options, config, text: content, ...(base === undefined ? {} : { base }) };
  try {
    const saved = await callContext.run(context, () => sdk.padPut(put));
    save.outcome = "acknowledged";
    save.version = saved.version;
    count(record, "pad save", "acknowledged");
    cutOutcome(record, context, "save", "completed");
  } catch (error) {
    if (error?.name === "SdkError" && error.code === "conflict") {
      save.outcome = "conflict";
      count(record, "pad save", "conflict");
      cutOutcome(record, context, "save", "refused", error);
    } else {
      cutOutcome(record, context, "save", "failed");
      // It may or may not have been stored: the audit accepts either, but nothing else.
      save.outcome = "unknown";
      if (!damaged(record, pad, w, error)) await failed(record, "pad save", error);
    }
  }
}

async function writer(run, w) {
  const memories = new Map();
  const pads = [...run.record.pads.values()];
  for (let n = 0; Date.now() < run.deadline; n++) {
    const pad = run.random.pick(pads);
    await edit(run, pad, w, n, memoryOf(memories, pad.name));
    await sleep(run.random.int(50, 400));
  }
  run.padMemories.push(memories);
}

/** Runs `writers` writers over the run's notepads until `run.deadline`. */
export function padWorkload(run, { writers = 3 } = {}) {
  return Promise.all(Array.from({ length: writers }, (_, w) => writer(run, w)));
}

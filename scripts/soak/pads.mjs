// The soak's notepads through the CLI's SDK (`hushnote pad get` / `pad put`): a few addresses, opened and saved in
// turn, each open checked against the text and version last saved. Every pad call stretches the password (PBKDF2,
// 600,000 iterations) in this process, which is why the mix keeps them rare.
import { randomBytes } from "node:crypto";
import { padGet, padPut } from "../../cli/dist/sdk.mjs";
import { expectSame } from "./check.mjs";
import { noteText } from "./random.mjs";

/**
 * `count` notepads named after this run (so a reused state directory cannot collide), one password for all. As in
 * notes.mjs, `prepare()` reserves its pad or answers null, so two calls never race on one pad and versions are exact.
 */
export function padWorkload(server, config, random, count = 3) {
  const password = randomBytes(18).toString("base64url");
  const run = randomBytes(4).toString("hex");
  const pads = Array.from({ length: count }, (_, i) => ({
    name: `soak-${run}-${i}`,
    text: null,
    version: 0,
    remember: undefined,
    busy: false,
  }));
  let serial = 0;
  const pick = (fits) => {
    const free = pads.filter((p) => !p.busy && fits(p));
    if (free.length === 0) return null;
    const pad = free[Math.floor(random() * free.length)];
    pad.busy = true;
    return pad;
  };
  // A failed call leaves its pad's version unknown: that pad leaves the workload (busy for good).
  const using = (pad, work) => async () => {
    await work(pad);
    pad.busy = false;
  };
  return {
    ops: {
      "pad-save": () => {
        // Addresses not yet created go first, so every pad exists early in the run.
        const pad = pick((p) => p.version === 0) ?? pick(() => true);
        return (
          pad &&
          using(pad, async () => {
            const text = noteText(random, `pad ${++serial}`);
            const saved = await padPut({
              server,
              config,
              name: pad.name,
              password,
              text,
              ...(pad.version > 0 ? { base: pad.version } : {}),
              remembered: pad.remember,
            });
            expectSame("pad save version", saved.version, pad.version + 1);
            expectSame("pad created", saved.created, pad.version === 0);
            Object.assign(pad, { text, version: saved.version, remember: saved.remember });
          })
        );
      },
      "pad-open": () => {
        const pad = pick((p) => p.version > 0);
        return (
          pad &&
          using(pad, async () => {
            const got = await padGet({ server, name: pad.name, password, remembered: pad.remember });
            expectSame("pad version", got.version, pad.version);
            expectSame("pad text", got.text, pad.text);
            pad.remember = got.remember;
          })
        );
      },
    },
  };
}

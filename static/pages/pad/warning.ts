/** The loud warning when a notepad's password settings changed since this browser saw it; stopping is the default. */
import type { Header, PadChange, PadMemory } from "../../../crypto/index";
import { byId } from "../../shared/dom";
import { t } from "../../shared/i18n";

/** One sentence per change a person can check against what they did. */
function describe(change: PadChange, was: PadMemory, now: Header): string | null {
  switch (change) {
    case "salt":
      return t("pad.change.salt");
    case "iterations-lowered":
      return t("pad.change.rounds", { now: now.kdf?.iterations ?? 0, was: was.iterations });
    case "format-downgraded":
      // Format versions are names ("v2"), not quantities: passed as text, never written in other digits.
      return t("pad.change.format", { now: String(now.v), was: String(was.v) });
    default:
      return null;
  }
}

/** Shows what changed; Stop (focused, the default) ends here, Continue goes on to the password. */
export function warnOfChanges(
  changes: PadChange[],
  was: PadMemory,
  now: Header,
  choose: { stop(): void; proceed(): void },
): void {
  const items = changes
    .map((c) => describe(c, was, now))
    .filter((text): text is string => text !== null)
    .map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    });
  byId("changes").replaceChildren(...items);
  byId("stop").onclick = choose.stop;
  byId("proceed").onclick = choose.proceed;
  byId("stop").focus();
}

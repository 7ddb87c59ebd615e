/** The loud warning when a notepad's password settings changed since this browser saw it; stopping is the default. */
import type { Header, PadChange, PadMemory } from "../../../crypto/index";
import { byId } from "../../shared/dom";

const rounds = (n: number) => n.toLocaleString("en");

/** One sentence per change a person can check against what they did. */
function describe(change: PadChange, was: PadMemory, now: Header): string | null {
  switch (change) {
    case "salt":
      return "Its password salt is not the one this browser saw before.";
    case "iterations-lowered":
      return `Its password is stretched with fewer rounds than before (${rounds(now.kdf?.iterations ?? 0)} instead of ${rounds(was.iterations)}), so it is quicker to guess.`;
    case "format-downgraded":
      return `It is stored in an older format (v${now.v}) than before (v${was.v}).`;
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

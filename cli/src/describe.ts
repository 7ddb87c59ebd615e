/** One sentence about a note or pad from its public, authenticated-later header: what the reader is about to open. */
import type { Header } from "../../crypto/index";
import { formatDuration } from "./args";

/** e.g. "A one-time note; expires in 23 h; needs a password." */
export function describeNote(header: Header, expiresAt: number, viewsLeft: number | null, now = Date.now()): string {
  const views =
    viewsLeft === null
      ? "can be opened any number of times"
      : viewsLeft === 1
        ? "can be opened once more"
        : `can be opened ${viewsLeft} more times`;
  const kind = header.views === 1 ? "A one-time note" : "A note";
  const secrets = header.kdf ? (header.link ? "; needs the link and a password" : "; needs a password") : "";
  return `${kind}; ${views}; expires in ${formatDuration(Math.max(0, Math.round((expiresAt - now) / 1000)))}${secrets}.`;
}

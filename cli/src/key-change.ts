/** A notepad whose key parameters changed: the loud warning, then consent from --accept-new-key or the person at the terminal. */
import { openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";
import type { PadKeyChange } from "./sdk/pads";
import { tell } from "./terminal";

/** One line per alarming change, in words. */
function changeLines(change: PadKeyChange): string[] {
  const { remembered, current } = change;
  const lines: string[] = [];
  if (change.changes.includes("salt")) lines.push("  - its password salt is not the one this machine remembers");
  if (change.changes.includes("iterations-lowered")) lines.push(`  - it asks for fewer PBKDF2 iterations (${current.iterations}, remembered ${remembered.iterations})`);
  if (change.changes.includes("format-downgraded")) lines.push(`  - it went back to format v${current.v} (remembered v${remembered.v})`);
  return lines;
}

/** Prints the warning on stderr: what changed, why it matters, what to do. */
export function warnKeyChange(change: PadKeyChange, server: string): void {
  tell(`WARNING: the notepad ${change.slug} on ${server} does not have the key this machine remembers:`);
  for (const line of changeLines(change)) tell(line);
  tell("A server that picks the salt or weakens the iterations gets a proof of your password it can attack offline.");
  tell("Legitimate only if someone deleted the notepad and created it again. Nothing has been sent yet.");
}

/** Reads one line from /dev/tty (echoed: it is no secret), whatever stdin carries; null without a terminal. */
async function askOnTerminal(question: string): Promise<string | null> {
  let fd: number;
  try {
    fd = openSync("/dev/tty", "r+");
  } catch {
    return null;
  }
  const input = new ReadStream(fd);
  writeSync(fd, question);
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = "";
      input.on("error", reject);
      input.on("end", () => resolve(text));
      input.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        const end = text.search(/[\r\n]/);
        if (end >= 0) resolve(text.slice(0, end));
      });
    });
  } finally {
    // destroy() closes the fd; closing it again could hit a descriptor reused in between.
    input.destroy();
  }
}

/**
 * The SDK's onKeyChange for the command: always warns; goes on with --accept-new-key, or when the person at the
 * terminal types "yes"; otherwise refuses (exit 4). Asked once per run, however many password retries follow.
 */
export function keyChangeHandler(server: string, accept: boolean): (change: PadKeyChange) => Promise<boolean> {
  let decided: boolean | undefined;
  return async (change) => {
    if (decided !== undefined) return decided;
    warnKeyChange(change, server);
    if (accept) {
      tell("Going on: --accept-new-key was given; this key is remembered from now on.");
      decided = true;
    } else if (process.stderr.isTTY) {
      const answer = await askOnTerminal("Type yes to trust the new key and send the password: ");
      decided = /^\s*yes\s*$/i.test(answer ?? "");
    } else {
      tell("Run again with --accept-new-key if you trust this change.");
      decided = false;
    }
    return decided;
  };
}

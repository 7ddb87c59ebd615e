/**
 * A notepad whose key parameters changed, or that this machine remembers at an address the server now calls free: the
 * loud warning, then consent from --accept-new-key or the person at the terminal.
 */
import { openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";
import type { PadKeyChange } from "./sdk/pads";
import { tell } from "./terminal";

/** One line per alarming change, in words. */
function changeLines(change: PadKeyChange): string[] {
  const { remembered, current } = change;
  const lines: string[] = [];
  if (change.changes.includes("salt")) lines.push("  - its password salt is not the one this machine remembers");
  if (change.changes.includes("iterations-lowered"))
    lines.push(`  - it asks for fewer PBKDF2 iterations (${current.iterations}, remembered ${remembered.iterations})`);
  if (change.changes.includes("format-downgraded"))
    lines.push(`  - it went back to format v${current.v} (remembered v${remembered.v})`);
  return lines;
}

/** Prints the warning on stderr: what changed, why it matters, what to do. */
export function warnKeyChange(change: PadKeyChange, server: string): void {
  tell(`WARNING: the notepad ${change.slug} on ${server} does not have the key this machine remembers:`);
  for (const line of changeLines(change)) tell(line);
  tell("A server that picks the salt or weakens the iterations gets a proof of your password it can attack offline.");
  tell("Legitimate only if someone deleted the notepad and created it again. Nothing has been sent yet.");
}

/** Prints the warning for a remembered notepad whose address the server now calls free. */
export function warnFreed(slug: string, server: string): void {
  tell(
    `WARNING: the notepad ${slug} on ${server} existed when this machine last used it; the server now says the address is free.`,
  );
  tell(
    "It was deleted elsewhere, or the server is misbehaving: a notepad made again there could be one the server holds the key of, or can roll back.",
  );
  tell("Going on forgets the key, newest save and device credential remembered here. Nothing has been sent yet.");
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

/** How one kind of alarm is put to the person: the warning, the terminal question, and what is said either way. */
interface Alarm<T> {
  warn: (subject: T) => void;
  question: string;
  accepted: string;
  refused: string;
}

/**
 * Always warns; goes on with --accept-new-key, or when the person at the terminal types "yes"; otherwise refuses
 * (the SDK then fails, exit 4). Asked once per run, however many password retries follow.
 */
function consentOnce<T>(accept: boolean, alarm: Alarm<T>): (subject: T) => Promise<boolean> {
  let decided: boolean | undefined;
  return async (subject) => {
    if (decided !== undefined) return decided;
    alarm.warn(subject);
    if (accept) {
      tell(`Going on: --accept-new-key was given; ${alarm.accepted}.`);
      decided = true;
    } else if (process.stderr.isTTY) {
      const answer = await askOnTerminal(alarm.question);
      decided = /^\s*yes\s*$/i.test(answer ?? "");
    } else {
      tell(`Run again with --accept-new-key ${alarm.refused}.`);
      decided = false;
    }
    return decided;
  };
}

/** The SDK's onKeyChange for the command. */
export const keyChangeHandler = (server: string, accept: boolean): ((change: PadKeyChange) => Promise<boolean>) =>
  consentOnce(accept, {
    warn: (change: PadKeyChange) => warnKeyChange(change, server),
    question: "Type yes to trust the new key and send the password: ",
    accepted: "this key is remembered from now on",
    refused: "if you trust this change",
  });

/** The SDK's onFreed for the command (the caller forgets the notepad once this says yes). */
export const freedHandler = (server: string, accept: boolean): ((slug: string) => Promise<boolean>) =>
  consentOnce(accept, {
    warn: (slug: string) => warnFreed(slug, server),
    question: "Type yes to forget the notepad remembered here and go on: ",
    accepted: "the notepad remembered here is forgotten",
    refused: "if you know it was deleted",
  });

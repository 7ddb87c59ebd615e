/**
 * Text a reader is shown: on stdout, escaped on a terminal and exact anywhere else, and the check that a -o FILE the
 * reader named is not overwritten without --force. Attachments go through deliver.ts.
 */
import { stat } from "node:fs/promises";
import type { Payload } from "../../crypto/index";
import { usage } from "./errors";
import { isInteractive } from "./progress";
import { escapeText, reverseVideo } from "./terminal";

/** What is at `path`: nothing, a directory, or something else. */
export async function kindOf(path: string): Promise<"missing" | "dir" | "file"> {
  try {
    return (await stat(path)).isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

/** Called before opening (which consumes a view): refuses an -o target that exists, unless --force or a directory. */
export async function checkTarget(out: string | undefined, force: boolean): Promise<void> {
  if (out && out !== "-" && !force && (await kindOf(out)) === "file")
    throw usage(`${out} exists; use --force to overwrite it`);
}

/** The text and tabs as one string, tabs after the text under their titles. */
export function textOf(payload: Pick<Payload, "text" | "tabs">): string {
  const parts = payload.text ? [payload.text] : [];
  for (const tab of payload.tabs) parts.push(`--- ${tab.title} ---\n${tab.text}`);
  return parts.join(parts.length > 1 ? "\n" : "");
}

/** Writes to a stream and waits until it has taken the bytes. */
export const writeTo = (stream: NodeJS.WritableStream, bytes: Uint8Array | string) =>
  new Promise<void>((resolve, reject) => stream.write(bytes, (e) => (e ? reject(e) : resolve())));

const isTty = (stream: NodeJS.WritableStream) => "isTTY" in stream && stream.isTTY === true;

/**
 * Prints the sender's text; returns how many characters were shown escaped. On a terminal, hidden characters are
 * escaped and a missing final newline is added; `raw` (-o -) and anything that is not a terminal (a pipe, a file) get
 * the exact text, because a program reading it needs the bytes the sender wrote.
 */
export async function showText(
  text: string,
  raw: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (raw || !isTty(stdout)) {
    await writeTo(stdout, text);
    return 0;
  }
  const shown = escapeText(text, isInteractive(stdout as NodeJS.WriteStream) ? reverseVideo : undefined);
  await writeTo(stdout, shown.text.endsWith("\n") || !shown.text ? shown.text : `${shown.text}\n`);
  return shown.count;
}

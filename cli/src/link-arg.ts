/** A link that carries a secret, from argv, stdin or a hidden prompt: argv is visible to every user in `ps`. */

import { usage } from "./errors";
import { readStdin } from "./input";
import { promptHidden } from "./password";

/** The link from the positional argument, or (for "-" / none) the first line of stdin or a terminal prompt. */
export async function readLinkArg(arg: string | undefined, question: string): Promise<string> {
  if (arg !== undefined && arg !== "-") return arg;
  const text = process.stdin.isTTY ? await promptHidden(question) : (await readStdin()).toString("utf8");
  const line = text.split(/\r?\n/).find((l) => l.trim()) ?? "";
  if (!line) throw usage("no link given");
  return line.trim();
}

/** Where a password comes from: a file, HUSHNOTE_PASSWORD, or the terminal without echo. Never from argv. */
import { openSync, readFileSync, writeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { ReadStream } from "node:tty";
import { CliError, EXIT, usage } from "./errors";
import { SdkError } from "./sdk/errors";
import { tell } from "./terminal";

/** The password in a file: its first line (a trailing newline from an editor or `echo` is not part of it). */
export function passwordFromFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw usage(`cannot read the password file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const password = text.split(/\r?\n/)[0] ?? "";
  if (!password) throw usage(`the password file ${path} is empty`);
  return password;
}

/** Reads one line from /dev/tty in raw mode, so nothing is echoed, whatever stdin is (it may carry the secret). */
export async function promptHidden(question: string): Promise<string> {
  let fd: number;
  try {
    fd = openSync("/dev/tty", "r+");
  } catch {
    throw usage("no terminal to ask for the password on; use HUSHNOTE_PASSWORD or --password-file");
  }
  const input = new ReadStream(fd);
  input.setRawMode(true);
  writeSync(fd, question);
  const decoder = new StringDecoder("utf8");
  try {
    return await new Promise<string>((resolve, reject) => {
      let line = "";
      input.on("error", reject);
      input.on("data", (chunk: Buffer) => {
        for (const ch of decoder.write(chunk)) {
          if (ch === "\r" || ch === "\n") return resolve(line);
          if (ch === "\u0003") return reject(new CliError(EXIT.usage, "cancelled"));
          if (ch === "\u0004" && !line) return reject(new CliError(EXIT.usage, "cancelled"));
          if (ch === "\u007f" || ch === "\b") line = [...line].slice(0, -1).join("");
          else if (ch === "\u0015") line = "";
          else if (ch >= " ") line += ch;
        }
      });
    });
  } finally {
    input.setRawMode(false);
    writeSync(fd, "\n");
    // destroy() closes the fd; closing it again could hit a descriptor reused in between.
    input.destroy();
  }
}

export interface PasswordSource {
  /** --password-file */
  file?: string;
  /** Ask on the terminal when neither the file nor HUSHNOTE_PASSWORD gives one. */
  prompt: boolean;
  /** Ask twice (a new password nobody has typed before). */
  confirm?: boolean;
  question?: string;
}

/** The password from --password-file, then HUSHNOTE_PASSWORD, then the terminal; null when none is wanted. */
export async function getPassword(src: PasswordSource, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (src.file !== undefined) return passwordFromFile(src.file);
  if (env.HUSHNOTE_PASSWORD) return env.HUSHNOTE_PASSWORD;
  if (!src.prompt) return null;
  const question = src.question ?? "Password: ";
  for (;;) {
    const first = await promptHidden(question);
    if (!first) throw usage("the password must not be empty");
    if (!src.confirm || first === (await promptHidden("Repeat it: "))) return first;
    process.stderr.write("The two passwords differ; try again.\n");
  }
}

/**
 * Runs `attempt` with a password source the SDK calls only if it needs one. On a terminal, a wrong password is said
 * and asked again, three tries in all; a password from a file or the environment, or a server-imposed wait, is not.
 */
export async function withPassword<T>(
  src: Omit<PasswordSource, "prompt">,
  attempt: (password: () => Promise<string>) => Promise<T>,
): Promise<T> {
  const interactive = src.file === undefined && !process.env.HUSHNOTE_PASSWORD;
  for (let tries = 1; ; tries++) {
    let asked = false;
    const ask = async () => {
      asked = true;
      return (await getPassword({ ...src, prompt: true })) as string;
    };
    try {
      return await attempt(ask);
    } catch (error) {
      const retypable =
        error instanceof SdkError && error.code === "wrong-password" && error.details.retryAfter == null;
      if (!(interactive && asked && retypable && tries < 3)) throw error;
      // A notepad's refusal carries the server's own sentence: neutralised, like every server string.
      tell(`${error.message.replace(/\.?$/, ".")}`);
    }
  }
}

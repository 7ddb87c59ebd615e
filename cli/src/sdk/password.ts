/** Passwords as SDK options: the text itself, or a function asked only when one is really needed (e.g. a prompt). */
import { SdkError } from "./errors";

/** A password, none, or a function that supplies one on demand. */
export type Password = string | null | (() => string | Promise<string>);

/** The password, calling `password` if it is a function; a missing one is a wrong-password error. */
export async function resolvePassword(password: Password | undefined, missing: string): Promise<string> {
  const value = typeof password === "function" ? await password() : password;
  if (!value) throw new SdkError("wrong-password", missing);
  return value;
}

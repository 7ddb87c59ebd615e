/** Reading a notepad: public header (GET), then password → proof → wrapped key and body (POST open) → plaintext. */
import { decodeB64u } from "./b64";
import { decodeHeader, decrypt, unlock, WrongKeyError, type Header, type Payload, type Unlocked } from "../../crypto/index";
import { cryptoFailure } from "./crypto-errors";
import { CliError, EXIT } from "./errors";
import { api, ApiError, asCliError, retrying } from "./http";
import { getPassword } from "./password";

export interface PadStatus { slug: string; header: string; version: number }
export interface OpenedPad { header: Header; unlocked: Unlocked; wrappedKey: string; payload: Payload; version: number; password: string }

/** GET /api/pads/:slug, or null when the address is free. */
export async function padStatus(server: string, slug: string): Promise<PadStatus | null> {
  try {
    return await api<PadStatus>(server, `/api/pads/${slug}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error instanceof ApiError ? asCliError(error, `the notepad ${slug}`) : error;
  }
}

export function padFailure(error: unknown, slug: string): never {
  if (!(error instanceof ApiError)) throw error;
  // The server's sentence says how long to wait when it slows down guessing (403 with retryAfter, then 429).
  if (error.status === 403 || error.status === 429) throw new CliError(EXIT.wrongPassword, error.message);
  throw asCliError(error, `the notepad ${slug}`);
}

/** Opens an existing pad with the password (asked again on a terminal after a typo). */
export async function openPad(server: string, status: PadStatus, passwordFile: string | undefined): Promise<OpenedPad> {
  let header: Header;
  try {
    header = decodeHeader(status.header);
  } catch (error) {
    return cryptoFailure(error);
  }
  if (header.kind !== "pad" || header.id !== status.slug) throw new CliError(EXIT.server, "the server answered with another notepad's header");
  const interactive = passwordFile === undefined && !process.env.HUSHNOTE_PASSWORD;
  for (let attempt = 1; ; attempt++) {
    const password = (await getPassword({ file: passwordFile, prompt: true, question: `Password for ${status.slug}: ` })) as string;
    const unlocked = await unlock(status.header, { password }).catch(cryptoFailure);
    let opened: { wrappedKey: string; body: string; version: number };
    try {
      opened = await retrying(
        () => api(server, `/api/pads/${status.slug}/open`, { method: "POST", body: { proof: unlocked.proof } }),
        (s) => process.stderr.write(`The latest version has not reached this server location yet; retrying in ${s} s…\n`),
      );
    } catch (error) {
      const mayRetry = error instanceof ApiError && error.status === 403 && error.body.retryAfter === undefined;
      if (interactive && mayRetry && attempt < 3) {
        process.stderr.write("Wrong password.\n");
        continue;
      }
      return padFailure(error, status.slug);
    }
    const body = decodeB64u(opened.body);
    if (!body) throw new CliError(EXIT.server, "the server sent a body that is not base64url");
    try {
      const payload = await decrypt(unlocked, opened.wrappedKey, body);
      return { header, unlocked, wrappedKey: opened.wrappedKey, payload, version: opened.version, password };
    } catch (error) {
      if (error instanceof WrongKeyError) throw new CliError(EXIT.server, "the server accepted the password but the notepad does not decrypt: it was altered");
      return cryptoFailure(error);
    }
  }
}

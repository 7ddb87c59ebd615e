/**
 * How the previous release's clients wrote and read, frozen: its crypto module and its wire API (JSON, bodies as
 * base64url strings). This file changes only when PREVIOUS_RELEASE moves, to speak that release's API.
 */
import type { Payload, ReleaseCrypto } from "./previous-release";

/** A note as its creator holds it: the link key (base64url) and password it was sealed with, and its manage token. */
export interface WrittenNote {
  id: string;
  linkKey: string | null;
  password: string | null;
  manageToken: string;
  payload: Payload;
  expiresAt: number;
  viewsLeft: number | null;
}

/** A notepad as its owner holds it, at the version last saved. */
export interface WrittenPad {
  slug: string;
  password: string;
  payload: Payload;
  version: number;
}

/** The content-free receipt, as every release so far has shaped it. */
export interface Receipt {
  state: "live" | "destroyed";
  createdAt: number;
  expiresAt: number;
  viewsLeft: number | null;
  reason: string | null;
  events: { type: string; at: number; reason?: string }[];
}

export interface NoteOptions {
  views: number | null;
  ttl: number;
  password?: string;
  passwordOnly?: boolean;
}

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));

/** The previous release's API at `origin`, written with its own crypto. */
export function previousClient(origin: string, crypto: ReleaseCrypto) {
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${origin}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  async function call<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const response = await request(method, path, body, headers);
    const text = await response.text();
    if (!response.ok) throw new Error(`previous release: ${method} ${path} answered ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
  /** GET the public header, then derive the proof from the link key and `password`. */
  async function unlockNote(note: WrittenNote, password: string | null) {
    const status = await call<{ header: string }>("GET", `/api/notes/${note.id}`);
    const linkKey = note.linkKey === null ? null : bytes(note.linkKey);
    return crypto.unlock(status.header, { linkKey, password });
  }
  const iterations = async () =>
    (await call<{ defaultKdfIterations: number }>("GET", "/api/config")).defaultKdfIterations;

  return {
    /** Seals and creates a note the way the previous CLI's `send` did. */
    async createNote(payload: Payload, opts: NoteOptions): Promise<WrittenNote> {
      const id = crypto.generateNoteId();
      const password = opts.password ?? null;
      const sealed = await crypto.seal(payload, {
        kind: "note",
        id,
        views: opts.views,
        ttl: opts.ttl,
        password,
        iterations: await iterations(),
        ...(opts.passwordOnly ? { linkKey: null } : {}),
      });
      const created = await call<{ expiresAt: number; viewsLeft: number | null; manageToken: string }>(
        "POST",
        "/api/notes",
        {
          id,
          header: sealed.header,
          wrappedKey: sealed.wrappedKey,
          body: b64u(sealed.body),
          verifier: sealed.verifier,
          views: opts.views,
          ttl: opts.ttl,
        },
      );
      const linkKey = sealed.linkKey && b64u(sealed.linkKey);
      return {
        id,
        linkKey,
        password,
        manageToken: created.manageToken,
        payload,
        expiresAt: created.expiresAt,
        viewsLeft: created.viewsLeft,
      };
    },

    /** Opens one view of a note and decrypts it. */
    async openNote(note: WrittenNote): Promise<{ payload: Payload; viewsLeft: number | null }> {
      const unlocked = await unlockNote(note, note.password);
      const opened = await call<{ wrappedKey: string; body: string; viewsLeft: number | null }>(
        "POST",
        `/api/notes/${note.id}/open`,
        { proof: unlocked.proof },
      );
      const payload = await crypto.decrypt(unlocked, opened.wrappedKey, bytes(opened.body));
      return { payload, viewsLeft: opened.viewsLeft };
    },

    /** A wrong password from someone who holds the link: refused, and counted. Answers the tries left. */
    async wrongPassword(note: WrittenNote, password: string): Promise<number> {
      const { proof } = await unlockNote(note, password);
      const response = await request("POST", `/api/notes/${note.id}/open`, { proof });
      if (response.status !== 403) throw new Error(`previous release: a wrong password answered ${response.status}`);
      return ((await response.json()) as { triesLeft: number }).triesLeft;
    },

    /** The creator's receipt, with the manage token. */
    async receipt(note: WrittenNote): Promise<Receipt> {
      return call<Receipt>("GET", `/api/notes/${note.id}/receipt`, undefined, {
        Authorization: `Bearer ${note.manageToken}`,
      });
    },

    /** Creates a notepad (version 0 → 1). */
    async createPad(slug: string, password: string, payload: Payload): Promise<WrittenPad> {
      const sealed = await crypto.seal(payload, {
        kind: "pad",
        id: slug,
        views: null,
        ttl: null,
        linkKey: null,
        password,
        iterations: await iterations(),
      });
      const put = {
        version: 0,
        header: sealed.header,
        wrappedKey: sealed.wrappedKey,
        verifier: sealed.verifier,
        body: b64u(sealed.body),
      };
      const { version } = await call<{ version: number }>("PUT", `/api/pads/${slug}`, put);
      return { slug, password, payload, version };
    },

    /** Opens the notepad with its password and saves `payload` over the version it opened. */
    async savePad(pad: WrittenPad, payload: Payload): Promise<WrittenPad> {
      const status = await call<{ header: string }>("GET", `/api/pads/${pad.slug}`);
      const unlocked = await crypto.unlock(status.header, { password: pad.password });
      const opened = await call<{ wrappedKey: string; version: number }>("POST", `/api/pads/${pad.slug}/open`, {
        proof: unlocked.proof,
      });
      const body = await crypto.reseal(unlocked, opened.wrappedKey, payload);
      const put = {
        version: opened.version,
        header: status.header,
        wrappedKey: opened.wrappedKey,
        body: b64u(body),
        proof: unlocked.proof,
      };
      const { version } = await call<{ version: number }>("PUT", `/api/pads/${pad.slug}`, put);
      return { ...pad, payload, version };
    },
  };
}

export type PreviousClient = ReturnType<typeof previousClient>;

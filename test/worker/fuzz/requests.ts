/** Random requests to every route of the Worker (and to none): method, path, headers and body drawn independently. */
import fc from "fast-check";
import { ORIGIN } from "../call";
import { headers } from "./headers";
import { bytesB64, nastyText, noteIdText, partText, slugText } from "./values";

/** One request as drawn, with the ids and slugs its path names (to look into their objects afterwards). */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body: Uint8Array | null;
  ids: string[];
  slugs: string[];
}

/** Methods of every kind; the runtime refuses to build a Request with some (recorded, never sent). */
const method = fc.constantFrom(
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "get",
  "Post",
  "PROPFIND",
  "PURGE",
  "TRACE",
  "CONNECT",
  "BREW",
  "G E T",
);

/** A path and the methods its route answers (most requests use one of them, so they get past the router). */
type Path = { path: string; ids: string[]; slugs: string[]; methods?: string[] };
/** Percent-encodes every byte of the text's UTF-8 but unreserved ones (a lone surrogate becomes U+FFFD's bytes). */
const percentEncoded = (text: string) =>
  [...new TextEncoder().encode(text)]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
/** A path segment as drawn (the URL parser then encodes what it must) or percent-encoded by the client. */
const segment = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.boolean()).map(([value, encode]) => (encode ? percentEncoded(value) : value));
const id = segment(noteIdText);
const slug = segment(slugText);
const note = (tail: string, methods: string[]) =>
  id.map((i): Path => ({ path: `/api/notes/${i}${tail}`, ids: [i], slugs: [], methods }));
const pad = (tail: string, methods: string[]) =>
  slug.map((s): Path => ({ path: `/api/pads/${s}${tail}`, ids: [], slugs: [s], methods }));
const plain = (path: string): Path => ({ path, ids: [], slugs: [] });

/** Every route template of the router, filled with fuzzed ids, slugs and part numbers, and paths no route holds. */
const routePath: fc.Arbitrary<Path> = fc.oneof(
  fc.constantFrom("/api/notes", "/healthz", "/api/config", "/", "/fragments/limits", "/favicon.svg").map(plain),
  fc.constant(plain("/.well-known/hushnote.json")),
  fc.constant<Path>({ ...plain("/api/notes"), methods: ["POST"] }),
  note("", ["GET", "DELETE"]),
  note("/open", ["POST"]),
  note("/body", ["GET", "DELETE"]),
  note("/receipt", ["GET"]),
  fc
    .tuple(id, segment(partText))
    .map(([i, n]): Path => ({ path: `/api/notes/${i}/parts/${n}`, ids: [i], slugs: [], methods: ["PUT"] })),
  pad("", ["GET", "PUT", "DELETE"]),
  pad("/open", ["POST"]),
  id.map((i): Path => ({ path: `/fragments/receipt/${i}`, ids: [i], slugs: [] })),
  fc.tuple(fc.constantFrom("/n/", "/m/"), id).map(([p, i]): Path => ({ path: p + i, ids: [i], slugs: [] })),
  slug.map((s): Path => ({ path: `/p/${s}`, ids: [], slugs: [s] })),
  fc
    .tuple(fc.constantFrom("/api/", "/fragments/", "/", "/api/notes/", "/api/pads/"), segment(nastyText()))
    .map(([p, rest]) => plain(p + rest)),
);

/** The path with, sometimes, a trailing slash, a doubled slash or a query string. */
const path = fc
  .tuple(routePath, fc.constantFrom("", "", "", "/", "?x=1", "?", "#frag", "//"))
  .map(([p, tail]) => ({ ...p, path: tail === "//" ? p.path.replace("/", "//") : p.path + tail }));

const utf8 = (text: string) => new TextEncoder().encode(text);
/** JSON bodies that probe the parser: prototype keys, duplicated keys, deep nesting, huge numbers, escapes. */
const trickyJson = fc.constantFrom(
  '{"__proto__":{"proof":"AAAA"},"constructor":{"prototype":{}}}',
  '{"proof":"x","proof":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}',
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  `{"a":${"[".repeat(3000)}${"]".repeat(3000)}}`,
  '{"version":1e400,"views":-0,"ttl":3600.0000000000001,"size":9007199254740993}',
  '{"proof":"\\u0000","id":"\\ud800"}',
  "\ufeff{}",
  "{}",
  "null",
);

/** A body of random bytes, random JSON (shaped like the API's or not), tricky JSON, or JSON past the 16 KiB limit. */
const body = fc.oneof(
  fc.constant(null),
  fc.uint8Array({ maxLength: 4096 }),
  fc.jsonValue().map((v) => utf8(JSON.stringify(v) ?? "")),
  fc
    .record(
      {
        proof: bytesB64(32),
        linkProof: bytesB64(32),
        device: bytesB64(48),
        version: fc.nat(),
        verifier: bytesB64(32),
        id: noteIdText,
        views: fc.oneof(fc.integer(), fc.constant(null)),
        ttl: fc.constantFrom(300, 3600, 86400, 1, -1),
        size: fc.oneof(fc.nat(), fc.double()),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((v) => utf8(JSON.stringify(v))),
  trickyJson.map(utf8),
  fc.constant(utf8(`{"proof":"${"A".repeat(17_000)}"}`)),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.of(0x7b, 0x22, 0xff, 0xfe, ...b)),
);

/** A whole random request. GET and HEAD carry no body (no client can send one). */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({ path, headers, body })
  .chain((drawn) =>
    fc
      .oneof(
        { weight: 3, arbitrary: fc.constantFrom(...(drawn.path.methods ?? ["GET", "HEAD"])) },
        { weight: 1, arbitrary: method },
      )
      .map((method) => ({ ...drawn, method })),
  )
  .map(({ method, path, headers, body }) => ({
    method,
    path: path.path,
    headers,
    body: /^(get|head)$/i.test(method) ? null : body,
    ids: path.ids,
    slugs: path.slugs,
  }));

/** The Request for a drawn one, or null when the runtime refuses to build it (an invalid method, a bad header). */
export function toRequest(drawn: FuzzRequest): Request | null {
  try {
    return new Request(ORIGIN + drawn.path, {
      method: drawn.method,
      headers: drawn.headers,
      body: drawn.body,
      redirect: "manual",
    });
  } catch (thrown) {
    if (thrown instanceof TypeError) return null;
    throw thrown;
  }
}

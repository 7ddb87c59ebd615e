/** The CLI's pure helpers: links, server choice, durations, notepad names, file names from a manifest. */
import { describe, expect, it } from "vitest";
import { parseDuration, parseViews } from "../../cli/src/args";
import { CliError } from "../../cli/src/errors";
import { toCliError } from "../../cli/src/failure";
import { safeName } from "../../cli/src/file-names";
import { padSlug, parseManageLink, parseNoteLink, resolveServer } from "../../cli/src/links";
import { escapeText, neutralise, safeJson } from "../../cli/src/terminal";
import { UNREACHABLE } from "../../protocol/http";
import { ApiError } from "../../protocol/index";

const ID = "sd5tUWr_fk_vlhYLQ4RXAw";
const KEY = "A".repeat(43);
const usageError = (f: () => unknown) => expect(f).toThrow(CliError);

describe("links", () => {
  it("parses share links with and without a key, keeping a path prefix", () => {
    expect(parseNoteLink(`https://h.example/n/${ID}#${KEY}`)).toMatchObject({
      server: "https://h.example",
      id: ID,
      linkKey: new Uint8Array(32),
    });
    expect(parseNoteLink(`https://h.example/sub/n/${ID}`)).toMatchObject({
      server: "https://h.example/sub",
      linkKey: null,
    });
  });

  it("reads exactly #v2 as a password-only link that promises format v2", () => {
    expect(parseNoteLink(`https://h.example/n/${ID}#v2`)).toEqual({
      server: "https://h.example",
      id: ID,
      fragment: "v2",
      linkKey: null,
      minVersion: 2,
    });
    expect(parseNoteLink(`https://h.example/n/${ID}`).minVersion).toBeUndefined();
    expect(parseNoteLink(`https://h.example/n/${ID}#${KEY}`).minVersion).toBeUndefined();
    for (const near of ["V2", "v3", "v2x", "v"]) usageError(() => parseNoteLink(`https://h.example/n/${ID}#${near}`));
  });

  it("refuses damaged links with a usage error", () => {
    usageError(() => parseNoteLink(`https://h.example/n/${ID}#${KEY.slice(1)}`));
    usageError(() => parseNoteLink(`https://h.example/m/${ID}#${KEY}`));
    usageError(() => parseNoteLink(`https://h.example/n/short#${KEY}`));
    usageError(() => parseManageLink(`https://h.example/m/${ID}`));
  });

  it("takes --server, then HUSHNOTE_SERVER, then the local default", () => {
    expect(resolveServer("https://a.example/", { HUSHNOTE_SERVER: "https://b.example" })).toBe("https://a.example");
    expect(resolveServer(undefined, { HUSHNOTE_SERVER: "https://b.example/x/" })).toBe("https://b.example/x");
    expect(resolveServer(undefined, {})).toBe("http://127.0.0.1:8787");
    usageError(() => resolveServer("ftp://c.example", {}));
  });
});

describe("arguments", () => {
  it("reads durations and view counts", () => {
    expect([
      parseDuration("90"),
      parseDuration("30m"),
      parseDuration("1h"),
      parseDuration("7d"),
      parseDuration("2w"),
    ]).toEqual([90, 1800, 3600, 604800, 1209600]);
    expect([parseViews("3"), parseViews("unlimited")]).toEqual([3, null]);
    usageError(() => parseDuration("1y"));
    usageError(() => parseViews("0"));
  });

  it("normalises notepad names like the page and refuses reserved or empty ones", () => {
    expect(padSlug("Mark's Notes")).toBe("mark-s-notes");
    usageError(() => padSlug("api"));
    usageError(() => padSlug("!!!"));
  });

  it("strips accents but refuses names whose letters an address cannot hold, rather than shortening them", () => {
    expect(padSlug("Crème brûlée")).toBe("creme-brulee");
    for (const name of ["日記 2024", "Мой блокнот", "straße"]) {
      expect(() => padSlug(name)).toThrow(/cannot hold/);
      usageError(() => padSlug(name));
    }
  });
});

describe("safeName", () => {
  it("reduces a hostile manifest name to one harmless path component", () => {
    expect(safeName("../../.bashrc")).toBe("_.._.bashrc");
    expect(safeName(".ssh")).toBe("ssh");
    expect(safeName("/etc/passwd")).toBe("_etc_passwd");
    expect(safeName("a\u0000b\nc.txt")).toBe("abc.txt");
    expect(safeName("..")).toBe("file");
    expect(safeName("report.pdf")).toBe("report.pdf");
  });

  it("drops C1, bidi, zero-width and tag characters, so a name shows its real extension", () => {
    expect(safeName("invoice\u202Egpj.exe")).toBe("invoicegpj.exe");
    expect(safeName("a\u0085\u009b\u200b\u200c\u200d\u2060\ufeff\u2066\u2069\u200e\u200f\u061c\u{e0041}b.txt")).toBe(
      "ab.txt",
    );
  });

  it("refuses Windows device names with or without an extension, in any case", () => {
    for (const name of [
      "CON",
      "prn.txt",
      "Aux.tar.gz",
      "nul",
      "COM1",
      "com9.log",
      "LPT1",
      "lpt9.txt",
      "COM¹",
      "con .txt",
    ]) {
      expect(safeName(name)).toBe(`_${name}`);
    }
    expect(safeName("console.txt")).toBe("console.txt");
    expect(safeName("COM10")).toBe("COM10");
  });

  it("drops trailing dots and spaces, Windows' reserved characters and separators", () => {
    expect(safeName("a.exe. . ")).toBe("a.exe");
    expect(safeName("notes.txt:hidden")).toBe("notes.txt_hidden");
    expect(safeName('a<b>c"d|e?f*g.txt')).toBe("a_b_c_d_e_f_g.txt");
    expect(safeName("..\\..\\x")).toBe("_.._x");
    expect(safeName(" . ")).toBe("file");
  });

  it("keeps names within 200 UTF-8 bytes, whole characters, extension kept", () => {
    const long = safeName(`${"日".repeat(100)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long).toMatch(/^日+\.pdf$/);
  });
});

describe("terminal escaping", () => {
  it("escapes controls, C1, bidi and zero-width characters in text, keeping newlines and tabs", () => {
    expect(escapeText("a\x1b[2Jb\r\n\tc\u202e\u200b\u0085\x7f")).toEqual({
      text: "a\\x1b[2Jb\\x0d\n\tc\\u202e\\u200b\\x85\\x7f",
      count: 6,
    });
    expect(escapeText("plain ünïcode ✓ 日本")).toEqual({ text: "plain ünïcode ✓ 日本", count: 0 });
  });

  it("neutralises a server sentence into one inert line", () => {
    expect(neutralise("a\nhushnote: b\x1b]52;c;x\x07")).toBe("a\\x0ahushnote: b\\x1b]52;c;x\\x07");
    expect(neutralise("x".repeat(5000))).toHaveLength(1001);
  });

  it("writes JSON that parses to the same value and holds no hidden character", () => {
    const value = { text: "a\x1b\u0085\u202e\u2028\u{e0041}\n" };
    const json = safeJson(value);
    // Every character left is printable ASCII: the hidden ones (and the newline) are all \u escapes now.
    expect(json).toMatch(/^[ -~]*$/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe("failures as exit codes", () => {
  it("tells a server that never answered from a transfer that broke off and could not be resumed", () => {
    const cause = { cause: new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }) };
    const unreachable = toCliError(new ApiError(0, UNREACHABLE, {}, null, cause), "https://h.example");
    expect(unreachable).toMatchObject({ code: 4, message: "could not reach https://h.example (ECONNREFUSED)" });
    const broke = new ApiError(0, "The download broke off and could not be resumed after 5 tries.", {}, null, cause);
    expect(toCliError(broke, "https://h.example")).toMatchObject({
      code: 4,
      message: "The download broke off and could not be resumed after 5 tries (ECONNREFUSED)",
    });
  });
});

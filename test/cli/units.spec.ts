/** The CLI's pure helpers: links, server choice, durations, notepad names, file names from a manifest. */
import { describe, expect, it } from "vitest";
import { parseDuration, parseViews } from "../../cli/src/args";
import { CliError } from "../../cli/src/errors";
import { padSlug, parseManageLink, parseNoteLink, resolveServer } from "../../cli/src/links";
import { safeName } from "../../cli/src/output";

const ID = "sd5tUWr_fk_vlhYLQ4RXAw";
const KEY = "A".repeat(42) + "A";
const usageError = (f: () => unknown) => expect(f).toThrow(CliError);

describe("links", () => {
  it("parses share links with and without a key, keeping a path prefix", () => {
    expect(parseNoteLink(`https://h.example/n/${ID}#${KEY}`)).toMatchObject({ server: "https://h.example", id: ID, linkKey: new Uint8Array(32) });
    expect(parseNoteLink(`https://h.example/sub/n/${ID}`)).toMatchObject({ server: "https://h.example/sub", linkKey: null });
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
    expect([parseDuration("90"), parseDuration("30m"), parseDuration("1h"), parseDuration("7d"), parseDuration("2w")]).toEqual([90, 1800, 3600, 604800, 1209600]);
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
});

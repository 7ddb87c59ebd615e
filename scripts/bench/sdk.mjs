// Upload and download through the CLI's own SDK (cli/dist/sdk.mjs, what `hushnote send` / `hushnote read` run):
// encrypted here as the file is read from disk, decrypted as it downloads and written back to disk.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const sdk = await import(pathToFileURL("cli/dist/sdk.mjs").href);

/** Sends `file` as a one-time note (link key only: the KDF is not what this measures); returns the share link. */
export async function sdkUpload(origin, config, file) {
  const sent = await sdk.sendStream({
    server: origin,
    config,
    views: 1,
    files: [
      { name: file.name, type: "application/octet-stream", size: file.size, chunks: createReadStream(file.path) },
    ],
  });
  return sent.link;
}

/** Opens the note behind `link` (one view) and writes its one file into `dir`; returns the written file's path. */
export async function sdkDownload(link, dir) {
  const note = await sdk.readStream({ link });
  let out = null;
  let path = null;
  try {
    for await (const event of note.events) {
      if (event.kind === "manifest") {
        if (event.files.length !== 1) throw new Error(`expected one file, the note holds ${event.files.length}`);
        path = join(dir, `read-${event.files[0].name}`);
        out = await open(path, "w");
      } else if (event.kind === "data") {
        // As the CLI's file sink does: each authenticated piece written before the next is asked for.
        await out.write(event.bytes);
      }
    }
  } finally {
    await out?.close();
  }
  return path;
}

/** The instance's GET /api/config, fetched once and handed to every send, so a send is one create and its parts. */
export function getConfig(origin) {
  return fetch(`${origin}/api/config`).then((r) => r.json());
}

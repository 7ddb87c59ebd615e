/** What a user of the npm package writes: the SDK round trip run by `node -e`, and a typed consumer for `tsc`. */

/** ESM run from the consumer project: send, read once, read again (gone); prints the outcome as JSON. */
export const SDK_ROUND_TRIP = `
import { read, send, SdkError } from "hushnote";
const sent = await send({ server: process.env.SERVER, text: "from the SDK ✓" });
const note = await read({ link: sent.link });
const again = await read({ link: sent.link }).then(() => "opened twice", (error) => (error instanceof SdkError ? error.code : String(error)));
process.stdout.write(JSON.stringify({ text: note.text, viewsLeft: note.viewsLeft, again }));
`;

/** Uses the public types; the last call is wrong on purpose and must be refused. */
export const CONSUMER_TS = `
import { read, readStream, send, sendStream, SdkError, type ReadNote, type SentNote } from "hushnote";

export async function roundTrip(server: string): Promise<string> {
  const sent: SentNote = await send({ server, text: "typed" });
  const note: ReadNote = await read({ link: sent.link });
  return note.text;
}

export async function streamed(server: string, chunks: AsyncIterable<Uint8Array>, size: number): Promise<number> {
  const sent = await sendStream({ server, files: [{ name: "f", size, chunks }], onUpload: (done, total) => done <= total });
  let bytes = 0;
  for await (const event of (await readStream({ link: sent.link })).events)
    if (event.kind === "data") bytes += event.bytes.length;
  return bytes;
}

export const isSdkError = (error: unknown): boolean => error instanceof SdkError;

// @ts-expect-error: server is a URL string
void send({ server: 8787, text: "x" });
`;

/** A strict Node ESM tsconfig (moduleResolution nodenext follows package.json "exports" and ".js" specifiers). */
export function consumerTsconfig({ dom, skipLibCheck }: { dom: boolean; skipLibCheck: boolean }) {
  return {
    compilerOptions: {
      strict: true,
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      lib: dom ? ["ES2022", "DOM"] : ["ES2022"],
      types: [],
      skipLibCheck,
      noEmit: true,
    },
    files: ["consumer.ts"],
  };
}

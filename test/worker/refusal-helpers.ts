/** The shape of a clean refusal, shared by the validation specs: status, JSON sentence, no stack, nothing stored. */
import { expect } from "vitest";
import { inspectNote, storedBody } from "./helpers";

export /** Asserts a clean refusal: the given 4xx, a JSON {status, error} with a sentence, nothing stored. */
async function expectRefused(response: Response, status: number, id?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { status: number; error: string };
  expect(body.status).toBe(status);
  expect(body.error).toMatch(/^[A-Z"].{10,}/);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  if (id) {
    expect((await inspectNote(id)).row).toBeNull();
    expect(await storedBody(id)).toBeNull();
  }
}

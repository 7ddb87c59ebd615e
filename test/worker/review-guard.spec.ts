// Review (issue 13): guardEnv must never write to the env it is given. The test pool's env (like the one importable
// from cloudflare:workers) forwards writes to the real bindings, so a guard built by assignment through the prototype
// replaced NOTES, NOTE_OBJECT and PAD_OBJECT for every later user of that env: stubs stopped being stubs
// (runInDurableObject refused them), a second deadline wrapped the first, and objects sharing the env got guarded too.
import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { handler } from "../../worker/app";
import { guardEnv } from "../../worker/storage-guard";

const stubOf = (name: string) => env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(name));

describe("guardEnv and the env it is given", () => {
  it("leaves the env's bindings as they were, and guards only its own view", async () => {
    const before = { NOTES: env.NOTES, NOTE_OBJECT: env.NOTE_OBJECT, PAD_OBJECT: env.PAD_OBJECT };
    const safe = guardEnv(env, 1234);
    expect({ NOTES: env.NOTES, NOTE_OBJECT: env.NOTE_OBJECT, PAD_OBJECT: env.PAD_OBJECT }).toEqual(before);
    expect(env.NOTE_OBJECT).toBe(before.NOTE_OBJECT);
    expect(safe.NOTE_OBJECT).not.toBe(before.NOTE_OBJECT);
    expect(safe.INSTANCE_NAME).toBe(env.INSTANCE_NAME);
    expect(stubOf("after-guard").constructor.name).toBe("DurableObject");
  });

  it("lets the pool's own helpers inspect objects after the Worker was handed the pool's env", async () => {
    const ctx = createExecutionContext();
    const response = await handler().fetch(new Request("https://hushnote.test/healthz"), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    expect(await runInDurableObject(stubOf("after-request"), () => "inside")).toBe("inside");
  });
});

/**
 * GET /healthz for monitors: whether KV and Durable Objects answer right now, each timed, without touching a note
 * (a KV key and an object name no note or notepad uses), plus the instance's configuration warnings.
 */
import { readConfig } from "./config";
import { StorageUnavailable } from "./storage-guard";
import { configWarnings } from "./warnings";

/** Nothing is stored under this key; reading it proves KV answers. Note and pad keys start with "n/" and "p/". */
const KV_PROBE = "healthz";
/** The object pinged; notes and pads live under "note:<id>" and "pad:<slug>". */
const OBJECT_PROBE = "healthz";

type Check = { ok: true; ms: number } | { ok: false; ms: number; error: string };

/** GET and HEAD /healthz: 200 when both answer, else 503 with Retry-After naming the failed check's error class. */
export async function healthz(_request: Request, env: Env): Promise<Response> {
  const [kv, durableObjects] = await Promise.all([
    check(() => env.NOTES.get(KV_PROBE)),
    check(() => env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(OBJECT_PROBE)).ping()),
  ]);
  const report = {
    instance: readConfig(env).instanceName,
    warnings: configWarnings(env),
    checks: { kv, durableObjects },
  };
  if (kv.ok && durableObjects.ok) return json(200, { status: "ok", ...report });
  const failed = [kv.ok ? null : "KV", durableObjects.ok ? null : "Durable Objects"].filter(Boolean).join(" and ");
  const response = json(503, { status: "unavailable", error: `${failed} did not answer.`, ...report });
  response.headers.set("Retry-After", "5");
  return response;
}

/** Times one probe (the storage guard logs its failure, as it logs any). */
async function check(probe: () => Promise<unknown>): Promise<Check> {
  const started = Date.now();
  try {
    await probe();
    return { ok: true, ms: Date.now() - started };
  } catch (thrown) {
    const error =
      thrown instanceof StorageUnavailable ? thrown.kind : thrown instanceof Error ? thrown.name : typeof thrown;
    return { ok: false, ms: Date.now() - started, error };
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

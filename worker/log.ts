/** Content-free JSON logs (Workers Logs, `wrangler tail`): never a note id, token, proof or client address. */

type Field = string | number | boolean | null;

/** Writes one JSON line naming the event; callers pass only non-identifying fields (reasons, counts). */
export function logEvent(event: string, fields: Record<string, Field> = {}, level: "log" | "warn" = "log"): void {
  console[level](JSON.stringify({ event, ...fields }));
}

/** Argument parsing on util.parseArgs: strict, with usage errors (exit 1) instead of stack traces. */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError, EXIT, usage } from "./errors";

/** A command line the parser refused (unknown option, missing value, extra argument): main() adds where help is. */
export class ArgumentError extends CliError {
  constructor(message: string) {
    super(EXIT.usage, message);
    this.name = "ArgumentError";
  }
}

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | undefined>;

/** Options every command takes. */
export const COMMON: Options = {
  help: { type: "boolean", short: "h" },
  server: { type: "string" },
  json: { type: "boolean" },
};

/** parseArgs' first sentence, in our style; its advice for a dash-led positional becomes a short aside. */
function describeParseError(error: NodeJS.ErrnoException): string {
  const [sentence = ""] = error.message.replace(/^TypeError \[[A-Z_]+\]: /, "").split(/\. /);
  const text = sentence.charAt(0).toLowerCase() + sentence.slice(1);
  return error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ? `${text} (a file named with a leading "-" goes after "--")`
    : text;
}

/** Parses `argv` against `options`; unknown options and missing values are usage errors. */
export function parse(
  argv: string[],
  options: Options,
  maxPositionals: number,
): { values: Values; positionals: string[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ArgumentError(describeParseError(error as NodeJS.ErrnoException));
  }
  if (parsed.positionals.length > maxPositionals && !parsed.values.help)
    throw new ArgumentError(`unexpected argument: ${parsed.positionals[maxPositionals]}`);
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

const UNITS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "90", "90s", "15m", "1h", "7d", "2w" → seconds. */
export function parseDuration(text: string): number {
  const [, count, unit = ""] = /^(\d+)\s*([smhdw]?)$/i.exec(text.trim()) ?? [];
  const size = UNITS[unit.toLowerCase()];
  if (count === undefined || size === undefined) throw usage(`not a duration: ${text} (try 30m, 1h, 7d)`);
  return Number(count) * size;
}

/** "3" → 3; "unlimited" / "any" → null (until it expires). */
export function parseViews(text: string): number | null {
  if (/^(unlimited|any)$/i.test(text)) return null;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw usage(`--views takes a positive number or "unlimited", not ${text}`);
  return Number(text);
}

/** A human duration for messages: "1 h", "7 d", "90 s". */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ["w", 604800],
    ["d", 86400],
    ["h", 3600],
    ["min", 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${unit}`;
  }
  if (seconds >= 3600) return `${Math.round(seconds / 360) / 10} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.max(0, Math.round(seconds))} s`;
}

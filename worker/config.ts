/** The instance policy, parsed from `[vars]` in wrangler.toml. */

export interface Config {
  instanceName: string;
  maxBodyBytes: number;
  maxViews: number;
  minTtl: number;
  maxTtl: number;
  defaultTtl: number;
  expiryChoices: number[];
  lockoutLimit: number;
  minKdfIterations: number;
  defaultKdfIterations: number;
  /** Seconds a destroyed note's content-free receipt is kept before everything goes. */
  receiptRetention: number;
  /** Days a notepad may go unsaved before its alarm destroys it. */
  padIdleDays: number;
}

/** KV refuses values above 25 MiB; a body must fit in one value. */
const KV_VALUE_LIMIT = 25 * 1024 * 1024;
/** KV's own minimum for expirationTtl, and so the shortest life a note can have. */
const MIN_TTL = 60;

const cache = new WeakMap<object, Config>();

/** Reads and checks the policy once per `env`; a misconfigured instance fails loudly rather than running lax. */
export function readConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const maxTtl = integer(env, "MAX_TTL", MIN_TTL, 365 * 86400);
  const config: Config = {
    instanceName: env.INSTANCE_NAME || "hushnote",
    maxBodyBytes: integer(env, "MAX_BODY_BYTES", 1024, KV_VALUE_LIMIT),
    maxViews: integer(env, "MAX_VIEWS", 1, 1_000_000),
    minTtl: MIN_TTL,
    maxTtl,
    defaultTtl: integer(env, "DEFAULT_TTL", MIN_TTL, maxTtl),
    expiryChoices: env.EXPIRY_CHOICES.split(",").map((s) => parseInteger("EXPIRY_CHOICES", s.trim(), MIN_TTL, maxTtl)),
    lockoutLimit: integer(env, "LOCKOUT_LIMIT", 1, 1000),
    minKdfIterations: integer(env, "MIN_KDF_ITERATIONS", 100_000, 10_000_000),
    defaultKdfIterations: integer(env, "DEFAULT_KDF_ITERATIONS", 100_000, 10_000_000),
    receiptRetention: integer(env, "RECEIPT_RETENTION", 0, 365 * 86400),
    padIdleDays: integer(env, "PAD_IDLE_DAYS", 1, 3650),
  };
  if (config.defaultKdfIterations < config.minKdfIterations) {
    throw new Error("DEFAULT_KDF_ITERATIONS must not be below MIN_KDF_ITERATIONS");
  }
  cache.set(env, config);
  return config;
}

function integer(env: Env, name: keyof Env & string, min: number, max: number): number {
  return parseInteger(name, String(env[name] ?? ""), min, max);
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

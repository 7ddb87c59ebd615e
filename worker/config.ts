/** The instance policy, parsed from `[vars]` in wrangler.toml (documented in README.md, "Configuration"). */

export interface AccessConfig {
  /** e.g. "https://acme.cloudflareaccess.com" — the issuer of the Access JWTs. */
  teamDomain: string;
  /** The Access application's audience tag. */
  audience: string;
  /** Where the signing keys are published; the team's certs endpoint unless overridden. */
  jwksUrl: string;
}

export interface Config {
  instanceName: string;
  footerText: string;
  footerLink: string;
  maxBodyBytes: number;
  maxViews: number;
  /** Every note is read once (views fixed at 1). */
  oneTimeOnly: boolean;
  /** Every note and pad needs a password (header kdf present). */
  passwordRequired: boolean;
  minTtl: number;
  maxTtl: number;
  defaultTtl: number;
  /** The only lifetimes (seconds) a note may ask for. */
  expiryChoices: number[];
  lockoutLimit: number;
  minKdfIterations: number;
  defaultKdfIterations: number;
  /** Seconds a destroyed note's content-free receipt is kept before everything goes. */
  receiptRetention: number;
  notepads: boolean;
  /** Days a notepad may go unsaved before its alarm destroys it. */
  padIdleDays: number;
  rateLimits: boolean;
  /** Creating is restricted to a Cloudflare Access team when set. */
  access: AccessConfig | null;
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
  const vars = env as unknown as Record<string, string | undefined>;
  const maxTtl = integer(vars, "MAX_TTL", MIN_TTL, 365 * 86400);
  const expiryChoices = (vars.EXPIRY_CHOICES ?? "").split(",").map((s) => parseInteger("EXPIRY_CHOICES", s.trim(), MIN_TTL, maxTtl));
  const config: Config = {
    instanceName: vars.INSTANCE_NAME || "hushnote",
    footerText: vars.FOOTER_TEXT ?? "",
    footerLink: link(vars.FOOTER_LINK ?? ""),
    maxBodyBytes: integer(vars, "MAX_BODY_BYTES", 1024, KV_VALUE_LIMIT),
    maxViews: integer(vars, "MAX_VIEWS", 1, 1_000_000),
    oneTimeOnly: flag(vars, "ONE_TIME_ONLY"),
    passwordRequired: flag(vars, "PASSWORD_REQUIRED"),
    minTtl: MIN_TTL,
    maxTtl,
    defaultTtl: integer(vars, "DEFAULT_TTL", MIN_TTL, maxTtl),
    expiryChoices,
    lockoutLimit: integer(vars, "LOCKOUT_LIMIT", 1, 1000),
    minKdfIterations: integer(vars, "MIN_KDF_ITERATIONS", 100_000, 10_000_000),
    defaultKdfIterations: integer(vars, "DEFAULT_KDF_ITERATIONS", 100_000, 10_000_000),
    receiptRetention: integer(vars, "RECEIPT_RETENTION", 0, 365 * 86400),
    notepads: flag(vars, "NOTEPADS"),
    padIdleDays: integer(vars, "PAD_IDLE_DAYS", 1, 3650),
    rateLimits: flag(vars, "RATE_LIMITS"),
    access: access(vars),
  };
  if (config.defaultKdfIterations < config.minKdfIterations) fail("DEFAULT_KDF_ITERATIONS must not be below MIN_KDF_ITERATIONS");
  if (!expiryChoices.includes(config.defaultTtl)) fail("DEFAULT_TTL must be one of EXPIRY_CHOICES");
  cache.set(env, config);
  return config;
}

/** The policy as pages and clients see it at `GET /api/config`: everything but the Access wiring. */
export function publicConfig(config: Config) {
  const { access, rateLimits: _internal, ...shown } = config;
  return { ...shown, accessRequiredToCreate: access !== null };
}

function access(vars: Record<string, string | undefined>): AccessConfig | null {
  const team = vars.ACCESS_TEAM_DOMAIN ?? "";
  const audience = vars.ACCESS_AUD ?? "";
  if (!team && !audience) return null;
  if (!team || !audience) fail("ACCESS_TEAM_DOMAIN and ACCESS_AUD must be set together");
  const teamDomain = link(team.startsWith("https://") ? team : `https://${team}`).replace(/\/+$/, "");
  return { teamDomain, audience, jwksUrl: link(vars.ACCESS_JWKS_URL || `${teamDomain}/cdn-cgi/access/certs`) };
}

function flag(vars: Record<string, string | undefined>, name: string): boolean {
  const value = (vars[name] ?? "").trim().toLowerCase();
  if (value === "true" || value === "on") return true;
  if (value === "false" || value === "off" || value === "") return false;
  return fail(`${name} must be true or false, not "${value}"`);
}

function link(value: string): string {
  if (value && !/^https?:\/\/[^\s"'<>]+$/.test(value)) fail(`"${value}" is not an http(s) URL`);
  return value;
}

function integer(vars: Record<string, string | undefined>, name: string, min: number, max: number): number {
  return parseInteger(name, vars[name] ?? "", min, max);
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) fail(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

function fail(message: string): never {
  throw new Error(`hushnote is misconfigured: ${message}`);
}

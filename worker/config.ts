/** The instance policy, parsed from `[vars]` in wrangler.toml (documented in README.md, "Configuration"). */
import { LANGUAGE_CODES, languageOf } from "../i18n/languages";

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
  /** A note's payload (text and files) at most; its ciphertext is stored in parts. */
  maxBodyBytes: number;
  /** A notepad's body is one part: min(maxBodyBytes, 24 MiB). */
  maxPadBytes: number;
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
  /** The languages pages are served in (codes in the picker's order) and the one for readers who match none. */
  languages: string[];
  defaultLanguage: string;
}

/** A setting hushnote refuses to run with. The message names the setting and its rule, never its value: safe to log. */
export class ConfigError extends Error {
  override name = "ConfigError";

  constructor(
    readonly setting: string,
    rule: string,
  ) {
    super(`hushnote is misconfigured: ${setting} ${rule}`);
  }
}

/** The largest MAX_BODY_BYTES: 2 GiB, about 86 parts (docs/API.md says what that costs on each plan). */
const MAX_BODY_LIMIT = 2 * 1024 * 1024 * 1024;
/** A notepad is one KV value (25 MiB at most) with room for its head and tags. */
const MAX_PAD_BYTES = 24 * 1024 * 1024;
/** KV's own minimum for expirationTtl, and so the shortest life a note can have. */
const MIN_TTL = 60;

const cache = new WeakMap<object, Config>();

/** Reads and checks the policy once per `env`; a misconfigured instance fails loudly rather than running lax. */
export function readConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const vars = env as unknown as Record<string, string | undefined>;
  const maxTtl = integer(vars, "MAX_TTL", MIN_TTL, 365 * 86400);
  const expiryChoices = (vars.EXPIRY_CHOICES ?? "")
    .split(",")
    .map((s) => parseInteger("EXPIRY_CHOICES", s.trim(), MIN_TTL, maxTtl));
  const maxBodyBytes = integer(vars, "MAX_BODY_BYTES", 1024, MAX_BODY_LIMIT);
  const config: Config = {
    instanceName: vars.INSTANCE_NAME || "hushnote",
    footerText: vars.FOOTER_TEXT ?? "",
    footerLink: link("FOOTER_LINK", vars.FOOTER_LINK ?? ""),
    maxBodyBytes,
    maxPadBytes: Math.min(maxBodyBytes, MAX_PAD_BYTES),
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
    ...languages(vars),
  };
  if (config.defaultKdfIterations < config.minKdfIterations)
    fail("DEFAULT_KDF_ITERATIONS", "must not be below MIN_KDF_ITERATIONS");
  if (!expiryChoices.includes(config.defaultTtl)) fail("DEFAULT_TTL", "must be one of EXPIRY_CHOICES");
  cache.set(env, config);
  return config;
}

/** The policy as pages and clients see it at `GET /api/config`: everything but the Access wiring. */
export function publicConfig(config: Config) {
  const { access, rateLimits: _internal, ...shown } = config;
  return { ...shown, accessRequiredToCreate: access !== null };
}

/** LANGUAGES (comma-separated codes; empty offers every translated language) and DEFAULT_LANGUAGE, one of them. */
function languages(vars: Record<string, string | undefined>): { languages: string[]; defaultLanguage: string } {
  const listed = (vars.LANGUAGES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const codes = listed.map((code) => languageOf(code)?.code ?? fail("LANGUAGES", "names a language hushnote lacks"));
  const offered = codes.length ? LANGUAGE_CODES.filter((code) => codes.includes(code)) : [...LANGUAGE_CODES];
  const fallback = languageOf(vars.DEFAULT_LANGUAGE || "en")?.code;
  if (!fallback || !offered.includes(fallback)) fail("DEFAULT_LANGUAGE", "must be one of LANGUAGES");
  return { languages: offered, defaultLanguage: fallback };
}

function access(vars: Record<string, string | undefined>): AccessConfig | null {
  const team = vars.ACCESS_TEAM_DOMAIN ?? "";
  const audience = vars.ACCESS_AUD ?? "";
  if (!team && !audience) return null;
  if (!team) fail("ACCESS_TEAM_DOMAIN", "must be set when ACCESS_AUD is");
  if (!audience) fail("ACCESS_AUD", "must be set when ACCESS_TEAM_DOMAIN is");
  // The issuer Access writes into its tokens is always https://<team>.cloudflareaccess.com.
  if (team.includes("://") && !team.startsWith("https://")) {
    fail("ACCESS_TEAM_DOMAIN", "must be a host name or an https: URL");
  }
  const teamUrl = team.startsWith("https://") ? team : `https://${team}`;
  const teamDomain = link("ACCESS_TEAM_DOMAIN", teamUrl).replace(/\/+$/, "");
  return { teamDomain, audience, jwksUrl: jwksUrl(vars.ACCESS_JWKS_URL || `${teamDomain}/cdn-cgi/access/certs`) };
}

/** Hosts where plain http cannot be intercepted: the key server runs on the same machine as the Worker. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whoever can swap the signing keys can sign themselves in, so the key set comes over https. */
function jwksUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url?.protocol === "https:") return value;
  // Test and dev exception: the end-to-end and pool tests serve their own key set on loopback over http. No
  // network lies between a Worker and its own loopback, and a deployed Worker cannot reach a loopback address
  // at all, so this opens no path to swapped keys. (TLS on loopback would need workerd to trust a test CA.)
  if (url?.protocol === "http:" && LOOPBACK.has(url.hostname)) return value;
  return fail("ACCESS_JWKS_URL", "must be an https: URL (plain http only on loopback, for tests)");
}

function flag(vars: Record<string, string | undefined>, name: string): boolean {
  const value = (vars[name] ?? "").trim().toLowerCase();
  if (value === "true" || value === "on") return true;
  if (value === "false" || value === "off" || value === "") return false;
  return fail(name, "must be true or false");
}

function link(name: string, value: string): string {
  if (value && !/^https?:\/\/[^\s"'<>]+$/.test(value)) fail(name, "must be an http(s) URL");
  return value;
}

function integer(vars: Record<string, string | undefined>, name: string, min: number, max: number): number {
  return parseInteger(name, vars[name] ?? "", min, max);
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) fail(name, `must be an integer from ${min} to ${max}`);
  return value;
}

function fail(setting: string, rule: string): never {
  throw new ConfigError(setting, rule);
}

// Instance configuration: a misconfigured instance tells its operator which setting is wrong (in the log, never
// to clients), and the Access key set must come over https.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, readConfig } from "../../worker/config";
import { callWith } from "./helpers";

/** The Worker's log lines (JSON, one per call) while `run` executes. */
async function captureLog(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await run();
  return log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

/** The ConfigError `vars` cause, or null when they are accepted. */
function configError(vars: Record<string, string>): ConfigError | null {
  try {
    readConfig({ ...env, ...vars } as Env);
    return null;
  } catch (thrown) {
    if (thrown instanceof ConfigError) return thrown;
    throw thrown;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a misconfigured instance", () => {
  it("answers a plain 500 with no detail and logs the setting's name and rule, not its value", async () => {
    let response: Response | undefined;
    const lines = await captureLog(async () => {
      response = await callWith({ MAX_VIEWS: "lots-of-views" }, "GET", "/api/config");
    });
    expect(response?.status).toBe(500);
    const body = JSON.stringify(await response?.json());
    expect(body).not.toMatch(/MAX_VIEWS|lots-of-views|misconfigured/);
    expect(lines).toEqual([
      {
        event: "worker.misconfigured",
        setting: "MAX_VIEWS",
        problem: "hushnote is misconfigured: MAX_VIEWS must be an integer from 1 to 1000000",
      },
    ]);
  });

  it("names the setting for every kind of rule: flags, links, integers, cross-field rules and Access", () => {
    const cases: [Record<string, string>, string][] = [
      [{ NOTEPADS: "maybe" }, "NOTEPADS"],
      [{ FOOTER_LINK: "javascript:alert(1)" }, "FOOTER_LINK"],
      [{ EXPIRY_CHOICES: "300,soon" }, "EXPIRY_CHOICES"],
      [{ DEFAULT_TTL: "7200" }, "DEFAULT_TTL"],
      [{ DEFAULT_KDF_ITERATIONS: "310000", MIN_KDF_ITERATIONS: "600000" }, "DEFAULT_KDF_ITERATIONS"],
      [{ ACCESS_AUD: "aud" }, "ACCESS_TEAM_DOMAIN"],
      [{ ACCESS_TEAM_DOMAIN: "team.example" }, "ACCESS_AUD"],
      [{ ACCESS_TEAM_DOMAIN: "http://team.example", ACCESS_AUD: "aud" }, "ACCESS_TEAM_DOMAIN"],
    ];
    for (const [vars, setting] of cases) {
      const error = configError(vars);
      expect(error?.setting, JSON.stringify(vars)).toBe(setting);
      for (const value of Object.values(vars)) expect(error?.message).not.toContain(value);
    }
  });
});

describe("ACCESS_JWKS_URL", () => {
  const team = { ACCESS_TEAM_DOMAIN: "team.example", ACCESS_AUD: "aud" };

  it("defaults to the team's https certs endpoint", () => {
    expect(readConfig({ ...env, ...team } as Env).access?.jwksUrl).toBe("https://team.example/cdn-cgi/access/certs");
  });

  it("accepts https anywhere, and plain http only on loopback (the tests' own key servers)", () => {
    for (const url of [
      "https://keys.example/certs",
      "http://127.0.0.1:8788/certs",
      "http://localhost:8788/certs",
      "http://[::1]:8788/certs",
    ]) {
      expect(configError({ ...team, ACCESS_JWKS_URL: url }), url).toBeNull();
    }
  });

  it("refuses plain http to any other host, other schemes and non-URLs", () => {
    const refused = [
      "http://keys.example/certs",
      "http://127.0.0.1.nip.io/certs",
      "http://10.0.0.1/certs",
      "ftp://keys.example/certs",
      "keys.example/certs",
    ];
    for (const url of refused)
      expect(configError({ ...team, ACCESS_JWKS_URL: url })?.setting, url).toBe("ACCESS_JWKS_URL");
  });
});

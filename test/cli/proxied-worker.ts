/** A real Worker behind a cut proxy, with the CLI's environment and a scratch directory, set up once per spec file. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startServer, type TestServer } from "../browser/server";
import { type CutProxy, cutProxy } from "./cut-proxy";
import { build, cliEnv } from "./helpers";

/** What the spec's tests use; filled in by its beforeAll. */
export interface ProxiedWorker {
  proxy: CutProxy;
  env: Record<string, string>;
  dir: string;
}

/** Registers the setup and teardown hooks; the fields are ready inside the spec's tests. */
export function useProxiedWorker(name: string): ProxiedWorker {
  const setup = {} as ProxiedWorker;
  let server: TestServer | undefined;
  beforeAll(async () => {
    build();
    server = await startServer();
    setup.proxy = await cutProxy(server.origin);
    setup.env = cliEnv(setup.proxy.origin);
    setup.dir = mkdtempSync(join(tmpdir(), `hushnote-${name}-`));
  }, 60_000);
  afterAll(async () => {
    await setup.proxy?.stop();
    await server?.stop();
  });
  return setup;
}

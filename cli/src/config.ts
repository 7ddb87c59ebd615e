/** The instance's limits and defaults from GET /api/config, so the CLI follows whatever policy the server runs. */
import { api, ApiError, asCliError } from "./http";

export interface Config {
  instanceName: string; maxBodyBytes: number; maxViews: number; minTtl: number; maxTtl: number; defaultTtl: number;
  expiryChoices: number[]; minKdfIterations: number; defaultKdfIterations: number; lockoutLimit: number;
  /** Instance policy switches; absent on older servers, which means off. */
  oneTimeOnly?: boolean; passwordRequired?: boolean; notepads?: boolean;
}

/** Fetches the instance configuration. */
export async function getConfig(server: string): Promise<Config> {
  try {
    return await api<Config>(server, "/api/config");
  } catch (error) {
    throw error instanceof ApiError ? asCliError(error, "the configuration") : error;
  }
}

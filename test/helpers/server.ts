import type { DataSource, Logger } from "typeorm";
import type { Province } from "../../src/demo/generate";
import { loadProvince } from "../../src/demo/load-province";
import type { Opener } from "./db";
import { loadConfig } from "../../src/config";
import { startServer, RunningServer } from "../../src/server";

export const ADMIN_TOKEN = "test-admin-token";

export async function serve(ds: DataSource, env: Record<string, string> = {}): Promise<RunningServer & { gql: Gql }> {
  const config = loadConfig({ NODE_ENV: "test", GONGKAI_ADMIN_TOKEN: ADMIN_TOKEN, ...env });
  const server = await startServer(ds, config, 0);
  const gql: Gql = async (query, variables, headers = {}) => {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: await res.json() };
  };
  return Object.assign(server, { gql });
}

export type Gql = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;

/**
 * Registers beforeAll/afterAll for a suite on one database: opened with `logger`, loaded with the
 * generated `province`, served with the response cache off; closed after the suite. Read `ds` and
 * `server` inside tests.
 */
export function servedProvince(open: Opener, logger: Logger, province: Province): { ds: DataSource; server: RunningServer & { gql: Gql } } {
  const served = {} as { ds: DataSource; server: RunningServer & { gql: Gql } };
  beforeAll(async () => {
    served.ds = await open(logger);
    await loadProvince(served.ds, province);
    served.server = await serve(served.ds, { GONGKAI_RESPONSE_CACHE: "false" });
  });
  afterAll(async () => {
    await served.server?.stop();
    await served.ds?.destroy();
  });
  return served;
}

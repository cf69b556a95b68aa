import type { DataSource } from "typeorm";
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

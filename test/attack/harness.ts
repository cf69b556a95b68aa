/** A real server for the attack tests: env overrides, its log lines captured, a `{ __typename }` probe. */
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { loadConfig } from "../../src/config";
import { startServer, type RunningServer } from "../../src/server";
import { createLogger } from "../../src/observability/log";

export const TOKENS = {
  viewer: "viewer-token-0123456789",
  editor: "editor-token-0123456789",
  admin: "admin-token-0123456789ab",
  legacyAdmin: "legacy-admin-token-0123",
};

export interface AttackServer extends RunningServer {
  logs: string[];
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** `{ __typename }` answered while something else runs. */
  probe(): Promise<boolean>;
}

export async function attackServer(ds: DataSource, env: Record<string, string> = {}): Promise<AttackServer> {
  const config = loadConfig({
    NODE_ENV: "test",
    GONGKAI_TOKENS: `reader:viewer:${TOKENS.viewer},importer:editor:${TOKENS.editor},chief:admin:${TOKENS.admin}`,
    GONGKAI_ADMIN_TOKEN: TOKENS.legacyAdmin,
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(...String(chunk).split("\n").filter(Boolean));
      cb();
    },
  });
  const server = await startServer(ds, config, 0, { logger: createLogger("info", sink) });
  const post: AttackServer["post"] = async (body, headers = {}) => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const gql: AttackServer["gql"] = (query, variables, headers) => post({ query, variables }, headers);
  const probe = async () => {
    const r = await gql("{ __typename }");
    return r.status === 200 && r.body?.data?.__typename === "Query";
  };
  return Object.assign(server, { logs, post, gql, probe });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** importReport with its outcome's type and message or status. */
export const IMPORT_OUTCOME = `mutation($input: ImportReportInput!) { importReport(input: $input) { __typename ... on ImportRejected { message } ... on ImportSucceeded { status } } }`;

/**
 * A database from `open` and an attack server on it for the enclosing describe block, stopped after
 * it; read `.ds` and `.server` inside the tests.
 */
export function attackServerPerSuite(open: () => Promise<DataSource>): { ds: DataSource; server: AttackServer } {
  const held = {} as { ds: DataSource; server: AttackServer };
  beforeAll(async () => {
    held.ds = await open();
    held.server = await attackServer(held.ds);
  });
  afterAll(async () => {
    await held.server?.stop();
    await held.ds?.destroy();
  });
  return held;
}

/** The fragment bomb of issue 9: F0 … F22, each spreading the one before twice (948 bytes). */
export function fragmentBomb(levels = 22): string {
  const parts = ["fragment F0 on Agency{id name}"];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on Agency{...F${i - 1} ...F${i - 1}}`);
  return `{agencies(first:1){nodes{...F${levels}}}}` + parts.join(" ");
}

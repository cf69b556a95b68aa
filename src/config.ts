/**
 * The service's settings, read from the environment (PORT, DATABASE_URL, GONGKAI_*) and validated at
 * boot; a bad value fails naming the offending key.
 */
import path from "node:path";

export type DbKind = "sqlite" | "mysql" | "mariadb";

export interface DbConfig {
  kind: DbKind;
  /** SQLite file path (":memory:" allowed), or the mysql:// / mariadb:// URL. */
  location: string;
}

export interface Config {
  port: number;
  db: DbConfig;
  /** Token that authorises mutations (importReport). Unset: mutations are refused. */
  adminToken: string | null;
  /** Load the shipped real reports into an empty database at start-up. */
  loadDemo: boolean;
  maxQueryDepth: number;
  maxQueryCost: number;
  bodyLimit: string;
  /** Introspection stays on so GraphiQL works on intranets; set GONGKAI_INTROSPECTION=false to hide the schema. */
  introspection: boolean;
}

export class ConfigError extends Error {}

export const DEFAULT_SQLITE_PATH = path.join("data", "gongkai.sqlite");

export function parseDatabaseUrl(url: string | undefined): DbConfig {
  if (!url) return { kind: "sqlite", location: DEFAULT_SQLITE_PATH };
  if (url.startsWith("sqlite:")) {
    const location = url.slice("sqlite:".length).replace(/^\/\//, "");
    if (!location) throw new ConfigError("DATABASE_URL: sqlite: needs a file path, e.g. sqlite:data/gongkai.sqlite or sqlite::memory:");
    return { kind: "sqlite", location };
  }
  if (url.startsWith("mysql://")) return { kind: "mysql", location: url };
  if (url.startsWith("mariadb://")) return { kind: "mariadb", location: "mysql://" + url.slice("mariadb://".length) };
  throw new ConfigError(`DATABASE_URL: unsupported scheme in "${url.replace(/\/\/[^@]*@/, "//…@")}"; use sqlite:<path>, mysql://… or mariadb://…`);
}

function intFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${key}: expected an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function boolFrom(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${key}: expected true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, "PORT", 4000, 0, 65535),
    db: parseDatabaseUrl(env.DATABASE_URL),
    adminToken: env.GONGKAI_ADMIN_TOKEN || null,
    loadDemo: boolFrom(env, "GONGKAI_LOAD_DEMO", true),
    maxQueryDepth: intFrom(env, "GONGKAI_MAX_DEPTH", 12, 2, 100),
    maxQueryCost: intFrom(env, "GONGKAI_MAX_COST", 50000, 100, 10_000_000),
    bodyLimit: env.GONGKAI_BODY_LIMIT || "5mb",
    introspection: boolFrom(env, "GONGKAI_INTROSPECTION", true),
  };
}

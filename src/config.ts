/**
 * The service's settings, read from the environment (PORT, DATABASE_URL, GONGKAI_*) and validated at
 * boot; a bad value fails naming the offending key.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { projectRoot } from "./shared/paths";

export type DbKind = "sqlite" | "mysql" | "mariadb";

export interface DbConfig {
  kind: DbKind;
  /** SQLite file path (":memory:" allowed), or the mysql:// / mariadb:// URL. */
  location: string;
}

export type Role = "viewer" | "editor" | "admin";

/** A configured API token: its name (the actor in logs and the audit trail), role and SHA-256 digest. */
export interface TokenEntry {
  name: string;
  role: Role;
  sha256: Buffer;
}

export interface Config {
  port: number;
  /** Interface to listen on: 127.0.0.1 for `npm start`, 0.0.0.0 in Docker. */
  host: string;
  db: DbConfig;
  /** Load the shipped real reports into an empty database at start-up. */
  loadDemo: boolean;
  maxQueryDepth: number;
  maxQueryCost: number;
  bodyLimit: string;
  /** Introspection stays on so GraphiQL works on intranets; set GONGKAI_INTROSPECTION=false to hide the schema. */
  introspection: boolean;
  /** N1: a narrative section at least this similar to the agency's previous report is flagged as copied (GONGKAI_N1_THRESHOLD, 0–1, default 0.9). */
  narrativeCopyThreshold: number;
  /** `gongkai import`: reports stored per transaction (GONGKAI_IMPORT_GROUP, 1–1000, default 200; 1 = a transaction per report). */
  importGroupReports: number;
  /** `gongkai import` on SQLite: the writer's page cache in MB (GONGKAI_IMPORT_CACHE_MB, 1–16384, default 256; other connections keep 32). Also rebuild-narratives. */
  importCacheMb: number;
  logLevel: "silent" | "info";
  /** Every API token (GONGKAI_TOKENS, GONGKAI_TOKENS_FILE and GONGKAI_ADMIN_TOKEN as the token "admin"), hashed at boot. */
  tokens: TokenEntry[];
  /** Refuse requests without a valid token (viewers need a token too). */
  requireToken: boolean;
  /** GONGKAI_PRODUCTION: no introspection, no suggestions, no GraphiQL, trusted documents only. */
  production: boolean;
  /** Allow-list of persisted queries (JSON: {"sha256": "query", …} or [{"id"|"sha256", "query"}]). */
  trustedDocuments: string | null;
  /** Origins allowed by CORS; empty: no CORS headers (same origin only). */
  corsOrigins: string[];
  maxTokens: number;
  maxAliases: number;
  maxDirectives: number;
  /** Wall-clock budget of one request's execution, in ms; fields resolved after it fail. */
  executionBudgetMs: number;
  /** Cost points a client may spend per rate window (0: no rate limit). */
  rateLimitCost: number;
  rateLimitWindowSeconds: number;
  /** Redis for shared rate limits; unset: in memory. */
  redisUrl: string | null;
  /** Serve Prometheus metrics at /metrics. */
  metrics: boolean;
  /** Cache viewers' statistics answers by data version (src/graphql/cache.ts): in Redis when redisUrl is set, else in memory. */
  responseCache: boolean;
  /** Prefix of the response cache's Redis keys. */
  responseCachePrefix: string;
  /** Execute operations compiled by graphql-jit (src/graphql/jit.ts); false: graphql-js's executor. */
  jit: boolean;
  /** Bounds on one imported file (see src/ingestion/sandbox). */
  importLimits: ImportLimits;
}

export interface ImportLimits {
  /** Heap of the parsing worker, MB. */
  memoryMb: number;
  /** Wall-clock time of one parse, ms. */
  timeMs: number;
  /** Uncompressed size of a .docx (all entries), bytes. */
  docxMaxUncompressed: number;
  /** Largest uncompressed/compressed ratio of one .docx entry. */
  docxMaxRatio: number;
  /** HTML: deepest element nesting, nested tables, and cells × rowspan × colspan of one page. */
  htmlMaxDepth: number;
  htmlMaxTableNesting: number;
  htmlMaxGridCells: number;
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

function ratioFrom(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new ConfigError(`${key}: expected a number above 0 and at most 1, got "${raw}"`);
  return n;
}

function boolFrom(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${key}: expected true or false, got "${raw}"`);
}

const ROLES: Role[] = ["viewer", "editor", "admin"];

export function sha256(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/**
 * `name:role:secret` entries separated by commas. The secret is the token itself, or `sha256:<64 hex>`
 * for its digest (`bin/gongkai hash-token`), so that configuration files need not hold tokens.
 */
export function parseTokens(raw: string, key: string): TokenEntry[] {
  const out: TokenEntry[] = [];
  for (const item of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^:]+):([^:]+):(.+)$/.exec(item);
    if (!m) throw new ConfigError(`${key}: expected name:role:token entries separated by commas, got an entry without two colons`);
    const [, name, role, secret] = m;
    if (!/^[\w.@-]{1,64}$/.test(name)) throw new ConfigError(`${key}: a token name is 1 to 64 letters, digits or ._@-, got "${name.slice(0, 70)}"`);
    if (!ROLES.includes(role as Role)) throw new ConfigError(`${key}: role of "${name}" must be viewer, editor or admin, got "${role}"`);
    const hex = /^sha256:([0-9a-f]{64})$/i.exec(secret);
    if (!hex && secret.length < 16) throw new ConfigError(`${key}: the token of "${name}" is shorter than 16 characters`);
    out.push({ name, role: role as Role, sha256: hex ? Buffer.from(hex[1], "hex") : sha256(secret) });
  }
  return out;
}

function tokensFrom(env: NodeJS.ProcessEnv): TokenEntry[] {
  const tokens: TokenEntry[] = [];
  if (env.GONGKAI_TOKENS) tokens.push(...parseTokens(env.GONGKAI_TOKENS, "GONGKAI_TOKENS"));
  if (env.GONGKAI_TOKENS_FILE) {
    let text: string;
    try {
      text = fs.readFileSync(env.GONGKAI_TOKENS_FILE, "utf8");
    } catch (e) {
      throw new ConfigError(`GONGKAI_TOKENS_FILE: cannot read ${env.GONGKAI_TOKENS_FILE} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    tokens.push(...parseTokens(text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith("#")).join(","), "GONGKAI_TOKENS_FILE"));
  }
  // Compatibility: the single admin token of earlier versions.
  if (env.GONGKAI_ADMIN_TOKEN) tokens.push({ name: "admin", role: "admin", sha256: sha256(env.GONGKAI_ADMIN_TOKEN) });
  const names = new Set<string>();
  for (const t of tokens) {
    if (names.has(t.name)) throw new ConfigError(`GONGKAI_TOKENS: the name "${t.name}" is used twice`);
    names.add(t.name);
  }
  return tokens;
}

function bytesFrom(env: NodeJS.ProcessEnv, key: string, fallbackMb: number): number {
  return intFrom(env, key, fallbackMb, 1, 4096) * 1024 * 1024;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = boolFrom(env, "GONGKAI_PRODUCTION", false);
  // The dashboard's own allow-list, beside the project (not the working directory, which may be anywhere).
  const trustedDefault = path.join(projectRoot(), "dashboard", "trusted-documents.json");
  return {
    port: intFrom(env, "PORT", 4000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    db: parseDatabaseUrl(env.DATABASE_URL),
    loadDemo: boolFrom(env, "GONGKAI_LOAD_DEMO", true),
    maxQueryDepth: intFrom(env, "GONGKAI_MAX_DEPTH", 12, 2, 100),
    maxQueryCost: intFrom(env, "GONGKAI_MAX_COST", 50000, 100, 10_000_000),
    bodyLimit: env.GONGKAI_BODY_LIMIT || "5mb",
    narrativeCopyThreshold: ratioFrom(env, "GONGKAI_N1_THRESHOLD", 0.9),
    importGroupReports: intFrom(env, "GONGKAI_IMPORT_GROUP", 200, 1, 1000),
    importCacheMb: intFrom(env, "GONGKAI_IMPORT_CACHE_MB", 256, 1, 16384),
    introspection: production ? false : boolFrom(env, "GONGKAI_INTROSPECTION", true),
    tokens: tokensFrom(env),
    requireToken: boolFrom(env, "GONGKAI_REQUIRE_TOKEN", false),
    production,
    trustedDocuments: env.GONGKAI_TRUSTED_DOCUMENTS || (production ? trustedDefault : null),
    corsOrigins: (env.GONGKAI_CORS_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    maxTokens: intFrom(env, "GONGKAI_MAX_TOKENS", 5000, 100, 1_000_000),
    maxAliases: intFrom(env, "GONGKAI_MAX_ALIASES", 40, 1, 10_000),
    maxDirectives: intFrom(env, "GONGKAI_MAX_DIRECTIVES", 50, 1, 10_000),
    executionBudgetMs: intFrom(env, "GONGKAI_EXECUTION_BUDGET_MS", 10_000, 100, 600_000),
    rateLimitCost: intFrom(env, "GONGKAI_RATE_LIMIT_COST", 1_000_000, 0, 1_000_000_000),
    rateLimitWindowSeconds: intFrom(env, "GONGKAI_RATE_LIMIT_WINDOW", 60, 1, 86_400),
    redisUrl: env.REDIS_URL || null,
    metrics: boolFrom(env, "GONGKAI_METRICS", true),
    responseCache: boolFrom(env, "GONGKAI_RESPONSE_CACHE", true),
    responseCachePrefix: env.GONGKAI_RESPONSE_CACHE_PREFIX || "gongkai:response:",
    jit: boolFrom(env, "GONGKAI_GRAPHQL_JIT", true),
    importLimits: {
      memoryMb: intFrom(env, "GONGKAI_IMPORT_MEMORY_MB", 256, 32, 8192),
      timeMs: intFrom(env, "GONGKAI_IMPORT_TIME_MS", 30_000, 100, 3_600_000),
      docxMaxUncompressed: bytesFrom(env, "GONGKAI_DOCX_MAX_MB", 20),
      docxMaxRatio: intFrom(env, "GONGKAI_DOCX_MAX_RATIO", 100, 2, 100_000),
      htmlMaxDepth: intFrom(env, "GONGKAI_HTML_MAX_DEPTH", 500, 10, 100_000),
      htmlMaxTableNesting: intFrom(env, "GONGKAI_HTML_MAX_TABLE_NESTING", 8, 1, 1000),
      htmlMaxGridCells: intFrom(env, "GONGKAI_HTML_MAX_GRID_CELLS", 200_000, 1000, 100_000_000),
    },
    logLevel: env.GONGKAI_LOG === "silent" || env.NODE_ENV === "test" ? "silent" : "info",
  };
}

/**
 * The response cache: answers to viewers' statistics queries, keyed by the data version.
 *
 * Every write transaction of the store increases the one-row `data_version` table
 * (store/metric-index.ts); a request reads that number once (one indexed one-row SELECT, shared by
 * the requests that arrive in the same turn of the event loop and sent after them) and looks
 * for its answer under (version, role, query, variables, operation name). A write therefore makes
 * every older answer unreachable the moment it commits — across every server sharing the database,
 * since the version lives there. Answers live in memory (a bounded map holding the current version
 * only) or, when REDIS_URL is set, in Redis (shared by several instances, expiring after an hour).
 *
 * Only what is the same for every viewer is cached: operations of role `viewer` (anonymous or a
 * viewer token) whose root fields are all statistics or findings queries; never mutations, never
 * editors' or admins' requests, never answers with errors. Rate limits and cost checks run before the
 * cache is consulted.
 */
import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequestContextResponseForOperation } from "@apollo/server";
import type { DataSource } from "typeorm";
import Redis from "ioredis";
import type { FormattedExecutionResult } from "graphql";
import type { Context } from "./context";
import { preparedQuery } from "../db/prepared";

/** Root fields whose answers depend only on the stored data and their arguments. */
export const CACHEABLE_ROOTS: ReadonlySet<string> = new Set([
  "regionStatistics", "trend", "aggregate", "ranking", "compareAgencies", "findings", "findingCounts",
]);

export interface ResponseStore {
  readonly kind: "memory" | "redis";
  get(version: string, key: string): Promise<FormattedExecutionResult | null>;
  set(version: string, key: string, value: FormattedExecutionResult): Promise<void>;
  close(): Promise<void>;
}

/** The answers of the latest data version seen, at most `maxEntries` of them (oldest dropped first). */
export function memoryStore(maxEntries = 2000): ResponseStore {
  let version = "";
  let entries = new Map<string, FormattedExecutionResult>();
  return {
    kind: "memory",
    async get(v, key) {
      return v === version ? entries.get(key) ?? null : null;
    },
    async set(v, key, value) {
      if (v !== version) {
        version = v;
        entries = new Map();
      }
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, value);
    },
    async close() {
      entries.clear();
    },
  };
}

/** Answers in Redis under `<prefix><version>:<hash>`, for an hour; a Redis that is away only costs misses. */
export async function redisStore(url: string, prefix: string, ttlSeconds = 3600): Promise<ResponseStore> {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 2000 });
  redis.on("error", () => undefined);
  await redis.connect();
  return {
    kind: "redis",
    async get(v, key) {
      try {
        const text = await redis.get(`${prefix}${v}:${key}`);
        return text ? JSON.parse(text) : null;
      } catch {
        return null;
      }
    },
    async set(v, key, value) {
      try {
        await redis.set(`${prefix}${v}:${key}`, JSON.stringify(value), "EX", ttlSeconds);
      } catch {
        // A cache that cannot store is only slower.
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** The data version every write increases, with the database's random epoch: `<epoch>:<version>` (a prepared statement). */
export async function readDataVersion(ds: DataSource): Promise<string> {
  const rows: Array<{ version: unknown; epoch: unknown }> = await preparedQuery(ds, "SELECT version, epoch FROM data_version WHERE id = 1", []);
  return `${rows[0]?.epoch ?? ""}:${rows[0]?.version ?? 0}`;
}

/**
 * Reads the data version for requests arriving together with one statement: the requests that ask
 * within one turn of the event loop share a read sent after the last of them arrived, so each sees
 * every write committed before it arrived — never an older version than a read of its own.
 */
export function sharedVersionReader(read: () => Promise<string>): () => Promise<string> {
  let waiting: Array<{ resolve: (v: string) => void; reject: (e: unknown) => void }> | null = null;
  return () => new Promise<string>((resolve, reject) => {
    if (waiting) {
      waiting.push({ resolve, reject });
      return;
    }
    const batch = [{ resolve, reject }];
    waiting = batch;
    setImmediate(() => {
      waiting = null;
      read().then((v) => batch.forEach((w) => w.resolve(v)), (e) => batch.forEach((w) => w.reject(e)));
    });
  });
}

function cacheable(rc: GraphQLRequestContextResponseForOperation<Context>): boolean {
  if (rc.operation.operation !== "query" || rc.contextValue.role !== "viewer") return false;
  return rc.operation.selectionSet.selections.every((s) => s.kind === "Field" && (CACHEABLE_ROOTS.has(s.name.value) || s.name.value === "__typename"))
    && rc.operation.selectionSet.selections.some((s) => s.kind === "Field" && CACHEABLE_ROOTS.has(s.name.value));
}

/** The Apollo plugin: answers from the store when the data version matches, stores fresh answers without errors. */
export function responseCachePlugin(ds: DataSource, store: ResponseStore, onLookup?: (hit: boolean) => void): ApolloServerPlugin<Context> {
  const version = sharedVersionReader(() => readDataVersion(ds));
  return {
    async requestDidStart() {
      let pending: { version: string; key: string } | null = null;
      return {
        async responseForOperation(rc) {
          if (!cacheable(rc)) return null;
          const current = await version();
          const key = createHash("sha256")
            .update(JSON.stringify([rc.contextValue.role, rc.request.query ?? rc.queryHash, rc.request.operationName ?? null, rc.request.variables ?? {}]))
            .digest("base64url");
          const hit = await store.get(current, key);
          onLookup?.(hit != null);
          if (hit) {
            rc.contextValue.cachedResponse = true;
            return { http: rc.response.http, body: { kind: "single", singleResult: hit } };
          }
          pending = { version: current, key };
          return null;
        },
        async willSendResponse({ response }) {
          if (!pending || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.errors?.length || !result.data) return;
          await store.set(pending.version, pending.key, { data: result.data });
        },
      };
    },
  };
}

/** The store the configuration asks for: Redis when a URL is given, else memory; null when disabled. */
export async function createResponseStore(config: { responseCache: boolean; redisUrl: string | null; responseCachePrefix: string }): Promise<ResponseStore | null> {
  if (!config.responseCache) return null;
  return config.redisUrl ? redisStore(config.redisUrl, config.responseCachePrefix) : memoryStore();
}

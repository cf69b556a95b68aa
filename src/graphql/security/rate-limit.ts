/**
 * Per-client rate limits that count cost, not requests (rate-limiter-flexible): every operation
 * spends its estimated cost (see ../limits.ts) from the client's allowance of `rateLimitCost` points
 * per `rateLimitWindowSeconds`. In memory by default; in Redis when REDIS_URL is set, so that several
 * instances share the allowance (an in-memory limiter stands in while Redis is unreachable).
 * A client is its token's name, or its address when it has none.
 */
import { GraphQLError } from "graphql";
import { HeaderMap } from "@apollo/server";
import Redis from "ioredis";
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../../config";
import { StartupError } from "../../observability/startup";

export interface CostLimiter {
  /** Spends `cost` points of `client`'s allowance; throws RATE_LIMITED (HTTP 429, Retry-After) when it is spent. */
  spend(client: string, cost: number): Promise<void>;
  close(): Promise<void>;
  readonly store: "memory" | "redis" | "off";
}

export async function createCostLimiter(config: Config): Promise<CostLimiter> {
  if (config.rateLimitCost <= 0) return { store: "off", async spend() {}, async close() {} };
  const options = { points: config.rateLimitCost, duration: config.rateLimitWindowSeconds, keyPrefix: "gongkai_cost" };
  let limiter: RateLimiterAbstract;
  let redis: Redis | null = null;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 2000 });
    redis.on("error", () => undefined); // the insurance limiter takes over while Redis is away
    try {
      await redis.connect();
    } catch (e) {
      redis.disconnect();
      throw new StartupError(`cannot connect to Redis at REDIS_URL (${(e as Error).message.split("\n")[0]})`);
    }
    limiter = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  } else {
    limiter = new RateLimiterMemory(options);
  }
  return {
    store: redis ? "redis" : "memory",
    async spend(client, cost) {
      try {
        await limiter.consume(client, Math.max(1, Math.ceil(cost)));
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const retryAfter = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw new GraphQLError(`Rate limit: this client has spent its ${config.rateLimitCost} cost points per ${config.rateLimitWindowSeconds} s; retry in ${retryAfter} s`, {
          extensions: { code: "RATE_LIMITED", retryAfter, http: { status: 429, headers: new HeaderMap([["retry-after", String(retryAfter)]]) } },
        });
      }
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

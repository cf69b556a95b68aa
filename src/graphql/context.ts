import type { DataSource } from "typeorm";
import type { Config } from "../config";
import type { Loaders } from "./loaders";
import type { Role } from "./security/roles";
import type { Budget } from "./security/budget";
import type { Metrics } from "../observability/metrics";

export interface Context {
  ds: DataSource;
  loaders: Loaders;
  config: Config;
  /** True when the request carried an admin token (Authorization: Bearer …); prefer `requireRole`. */
  isAdmin: boolean;
  /** The request's role: viewer (no token or a viewer token), editor or admin. */
  role: Role;
  /** Who made the request: the token's configured name, or "anonymous". Never the token. */
  actor: string;
  /** Request id (logs, X-Request-Id). */
  requestId: string;
  /** The request's execution budget: time, fields, and whether the client is still there. */
  budget: Budget;
  /** The client's address (rate limits for requests without a token). */
  clientAddress: string;
  /** The server's Prometheus metrics (absent when operations run in-process). */
  metrics?: Metrics;
  /** Set when the answer came from the response cache (src/graphql/cache.ts): nothing was executed. */
  cachedResponse?: boolean;
  /** The operation's estimated cost, once known (src/graphql/limits.ts). */
  cost?: number;
}

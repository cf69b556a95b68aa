/**
 * Prometheus metrics (prom-client), served at /metrics: requests by outcome, estimated cost,
 * latency, rejections by reason, imports by status. One registry per server, so tests and several
 * servers in one process do not share counters.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  requests: Counter<"outcome">;
  cost: Histogram;
  latency: Histogram<"outcome">;
  rejections: Counter<"reason">;
  imports: Counter<"status">;
}

export function createMetrics(defaults = true): Metrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: "gongkai_" });
  return {
    registry,
    requests: new Counter({ name: "gongkai_graphql_requests_total", help: "GraphQL requests by outcome (ok, error, rejected).", labelNames: ["outcome"], registers: [registry] }),
    cost: new Histogram({ name: "gongkai_graphql_cost", help: "Estimated cost of executed operations.", buckets: [1, 10, 100, 1000, 5000, 20000, 50000, 200000], registers: [registry] }),
    latency: new Histogram({ name: "gongkai_graphql_duration_seconds", help: "GraphQL request latency.", labelNames: ["outcome"], buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10], registers: [registry] }),
    rejections: new Counter({ name: "gongkai_rejections_total", help: "Requests refused before execution, by reason (error code or HTTP status).", labelNames: ["reason"], registers: [registry] }),
    imports: new Counter({ name: "gongkai_imports_total", help: "Reports imported over the API, by status (imported, revised, unchanged, rejected).", labelNames: ["status"], registers: [registry] }),
  };
}

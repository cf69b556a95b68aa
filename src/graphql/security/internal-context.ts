/**
 * A context for running resolvers in-process (exports, renderers, benchmarks): an anonymous viewer
 * named "internal" with a fresh execution budget.
 */
import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Config } from "../../config";
import type { Context } from "../context";
import { createLoaders } from "../loaders";
import { Budget } from "./budget";

/** Fields one in-process run may resolve at most. */
const MAX_FIELDS = 2_000_000;

export function internalContext(ds: DataSource, config?: Config): Context {
  return {
    ds, config: config as Config, loaders: createLoaders(ds), role: "viewer", actor: "internal", isAdmin: false,
    requestId: randomUUID(), budget: new Budget(config?.executionBudgetMs ?? 60_000, MAX_FIELDS), clientAddress: "internal",
  };
}

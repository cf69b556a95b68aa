/**
 * The type-graphql global middleware every resolver goes through: the request's execution budget,
 * then the arguments (by name, see `./arguments.ts`).
 */
import { getMetadataStorage, type MiddlewareFn } from "type-graphql";
import type { Context } from "../context";
import { validateArguments } from "./arguments";

export const guardField: MiddlewareFn<Context> = ({ context, args }, next) => {
  context.budget?.check();
  for (const _ in args) {
    validateArguments(args);
    break;
  }
  return next();
};

/** The fields skipGuardOnPlainFields marked (so that bench/limits.ts can build the old schema beside the new). */
const marked = new WeakSet<object>();

/**
 * Marks the fields that only read a property of their parent — no resolver, no arguments, no
 * middleware or roles of their own, not renamed — as type-graphql "simple" fields: graphql-js reads
 * them directly, without the guard. The guard still runs on every query, mutation and field
 * resolver, where arguments are read and work starts (a list's every row is checked by the resolver
 * that fetched it), and a plain field has nothing to validate. Wrapping each of them cost 5–40% of a
 * dashboard query (bench/limits.ts). Call before buildSchema; `false` undoes it (the bench compares).
 */
export function skipGuardOnPlainFields(skip = true): void {
  for (const field of getMetadataStorage().fields) {
    if (!skip) {
      if (marked.has(field)) field.simple = undefined;
      continue;
    }
    if (field.simple !== undefined || field.params?.length || field.middlewares?.length || field.roles?.length) continue;
    if (field.name !== field.schemaName) continue;
    field.simple = true;
    marked.add(field);
  }
}


/**
 * The type-graphql global middleware every field goes through: the request's execution budget, then
 * the arguments (by name, see `./arguments.ts`).
 */
import type { MiddlewareFn } from "type-graphql";
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

/**
 * Argument checks shared by every read module, defined once: the error a bad argument raises and
 * the page-size bound of lists and connections.
 */
import { GraphQLError } from "graphql";
import { isRegionCode } from "../../domain/regions";

/** Largest `first` of any list or connection. */
export const MAX_PAGE = 100;

/** A BAD_USER_INPUT error naming the argument. */
export function badInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argumentName}": ${message}`, { extensions: { code: "BAD_USER_INPUT", argumentName } });
}

/** `first` (or the named argument) as a page size, 1 to MAX_PAGE. */
export function checkFirst(first: number, argumentName = "first"): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput(argumentName, `must be between 1 and ${MAX_PAGE}, got ${first}`);
  return first;
}

/** A LIMIT literal for SQL: `n` kept within 1…MAX_PAGE, whatever the caller checked. */
export function pageLimit(n: number = MAX_PAGE): number {
  return Math.max(1, Math.min(Math.trunc(n) || 1, MAX_PAGE));
}

/** A GB/T 2260 region code argument. */
export function checkRegionCode(regionCode: string, argumentName = "regionCode"): string {
  if (!isRegionCode(regionCode)) throw badInput(argumentName, `"${regionCode}" is not a GB/T 2260 code`);
  return regionCode;
}

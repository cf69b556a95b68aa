/**
 * Argument validation in one place, by argument name, for every resolver: ids are positive safe
 * integers, years integers from 1990 to 2100, region codes GB/T 2260 codes, `first` from 1 to 100.
 * Input objects are checked field by field (`filter.regionCode`). A bad value is BAD_USER_INPUT
 * naming the argument before any SQL runs (`agency(id: "abc")` used to reach the database as NaN).
 */
import { GraphQLError } from "graphql";
import { isRegionCode } from "../../domain/regions";
import { MAX_PAGE } from "../limits";

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

type Check = (value: unknown) => string | null;

const ID_PATTERN = /^[1-9][0-9]{0,15}$/;

const isId: Check = (v) => {
  const s = typeof v === "number" ? String(v) : v;
  return typeof s === "string" && ID_PATTERN.test(s) && Number.isSafeInteger(Number(s)) ? null : "must be a positive integer id";
};
const isYear: Check = (v) =>
  typeof v === "number" && Number.isInteger(v) && v >= MIN_YEAR && v <= MAX_YEAR ? null : `must be a year from ${MIN_YEAR} to ${MAX_YEAR}`;
const isRegion: Check = (v) => (typeof v === "string" && isRegionCode(v) ? null : "must be a GB/T 2260 region code (6 or 12 digits)");
const isPage: Check = (v) => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= MAX_PAGE ? null : `must be between 1 and ${MAX_PAGE}`);

/** Checks by argument (or input field) name; lists are checked element by element. */
const CHECKS: Record<string, Check> = {
  id: isId, agencyId: isId, parentId: isId, agencyIds: isId,
  year: isYear, years: isYear, fromYear: isYear, toYear: isYear,
  regionCode: isRegion, parentCode: isRegion, code: isRegion,
  first: isPage,
};

function fail(path: string, problem: string, value: unknown): GraphQLError {
  const shown = JSON.stringify(value);
  return new GraphQLError(`Argument "${path}" ${problem}, got ${shown && shown.length > 40 ? shown.slice(0, 40) + "…" : shown}`, {
    extensions: { code: "BAD_USER_INPUT", argumentName: path },
  });
}

function visit(value: unknown, name: string, path: string, depth: number): void {
  if (value == null || depth > 4) return;
  const check = CHECKS[name];
  if (check) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item == null) continue;
      const problem = check(item);
      if (problem) throw fail(path, problem, item);
    }
    return;
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, k, `${path}.${k}`, depth + 1);
  }
}

/** Throws BAD_USER_INPUT naming the first bad argument. */
export function validateArguments(args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args)) visit(value, name, name, 0);
}

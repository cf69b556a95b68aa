/**
 * Argument parsing for every command: node:util parseArgs (strict), its error codes turned into
 * one-line messages, and the checks of the values shared by several commands.
 */
import { parseArgs } from "node:util";
import { isRegionCode } from "../domain/regions";
import { calendarDay, ReportMeta } from "../ingestion/meta";
import { DEFAULT_FETCH_LIMITS, FetchLimits } from "../ingestion/fetch-url";

/** A mistake in how the command was called: exit code 2, with a pointer to `--help`. */
export class UsageError extends Error {}

export interface OptionSpec {
  [name: string]: { type: "string" | "boolean"; short?: string };
}

export interface Args {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** Strict parsing; a command that takes no files (`positionals: false`) refuses stray words. */
export function parse(argv: string[], options: OptionSpec, { positionals: allowed = false } = {}): Args {
  try {
    const { positionals, values } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (!allowed && positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return { positionals, values: values };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const err = e as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(err.message)?.[1];
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${option ?? err.message}`);
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      // "Option '--json' does not take an argument" / "Option '--agency <value>' argument missing" (or "ambiguous")
      throw new UsageError(/does not take/.test(err.message) ? `${option} takes no value` : `${option ?? "an option"} needs a value`);
    }
    throw e;
  }
}

/** The options of the commands that read reports (parse, import): metadata overrides and fetch limits. */
export const REPORT_OPTIONS: OptionSpec = {
  agency: { type: "string" },
  region: { type: "string" },
  year: { type: "string" },
  source: { type: "string" },
  published: { type: "string" },
  timeout: { type: "string" },
  "max-mb": { type: "string" },
  json: { type: "boolean" },
  jsonl: { type: "boolean" },
  force: { type: "boolean" },
};

export function metaFromFlags(values: Args["values"]): ReportMeta {
  const meta: ReportMeta = {};
  const str = (k: string) => (typeof values[k] === "string" ? (values[k]) : undefined);
  const year = str("year");
  if (year !== undefined) {
    if (!/^\d{4}$/.test(year)) throw new UsageError(`--year must be a four-digit year, got "${year}"`);
    meta.year = Number(year);
  }
  const region = str("region");
  if (region !== undefined) {
    if (!isRegionCode(region)) throw new UsageError(`--region must be a GB/T 2260 code (6 or 12 digits), got "${region}"`);
    meta.regionCode = region;
  }
  const agency = str("agency");
  if (agency !== undefined) {
    if (!agency.trim()) throw new UsageError("--agency must not be empty");
    meta.agency = agency.trim();
  }
  const source = str("source");
  if (source !== undefined) meta.source = source;
  const published = str("published");
  if (published !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(published) || !calendarDay(published)) throw new UsageError(`--published must be a date YYYY-MM-DD, got "${published}"`);
    meta.publishedAt = published;
  }
  return meta;
}

export function fetchLimitsFromFlags(values: Args["values"]): FetchLimits {
  const limits = { ...DEFAULT_FETCH_LIMITS };
  const positive = (name: string): number | undefined => {
    const v = values[name];
    if (typeof v !== "string") return undefined;
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`--${name} must be a positive number, got "${v}"`);
    return n;
  };
  const timeout = positive("timeout");
  if (timeout !== undefined) limits.timeoutMs = timeout * 1000;
  const maxMb = positive("max-mb");
  if (maxMb !== undefined) limits.maxBytes = Math.floor(maxMb * 1024 * 1024);
  return limits;
}

/** A failure outside the inputs (the database cannot be opened …): one line, exit 1. */
export class CliError extends Error {}

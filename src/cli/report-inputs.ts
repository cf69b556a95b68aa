/** The part of `parse` and `import` that is the same: arguments → inputs → loaded bytes with their options, and one-line failure reasons. */
import { Args, fetchLimitsFromFlags, metaFromFlags, UsageError } from "./args";
import { expandInputs, Input, loadInput, Loaded } from "./inputs";
import { Io, write } from "./io";
import { ParseError } from "../ingestion/parse";
import { version } from "./version";

export interface ReportRun {
  inputs: Input[];
  load(input: Input): Promise<Loaded>;
}

export async function reportInputs(command: string, args: Args, io: Io): Promise<ReportRun> {
  const flags = metaFromFlags(args.values);
  const limits = fetchLimitsFromFlags(args.values);
  if (!args.positionals.length) throw new UsageError(`${command} needs at least one file, folder or http(s) address`);
  const { inputs, skipped } = expandInputs(args.positionals);
  for (const s of skipped) await write(io.stderr, `gongkai ${command}: ${s}: skipped (metadata beside a report, not a report)\n`);
  if (!inputs.length) throw new UsageError(`no report files in ${args.positionals.join(", ")}${skipped.length ? " (metadata files are not reports)" : ""}`);
  const userAgent = `gongkai/${version()}`;
  return { inputs, load: (input) => loadInput(input, flags, limits, userAgent) };
}

/** Why one input failed, in one line: the problem for the errors we expect, the error's own first line for the rest. */
export function reason(e: unknown): string {
  if (e instanceof ParseError) return e.problem;
  const err = e as Error;
  const first = String(err?.message ?? e).split("\n")[0];
  if (err instanceof RangeError && /call stack/i.test(first)) return "too deeply nested to read (stack overflow)";
  // Our own errors (plain Error subclasses) say it all; a built-in one (RangeError, TypeError …) keeps its kind.
  return err instanceof Error && err.name !== "Error" ? `${err.name}: ${first}` : first;
}

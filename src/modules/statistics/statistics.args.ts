import { Measure, measureOf, METRIC_IDS } from "../../domain/measures";
import { badInput } from "../common/args";

/** A measure argument: a cell path or a metric id, or BAD_USER_INPUT naming the argument. */
export function measureArg(argumentName: string, value: string, template?: string | null): Measure {
  const m = measureOf(value, template);
  if (!m) throw badInput(argumentName, `"${value}" is neither a cell path (e.g. applications.newReceived.total) nor a metric (${METRIC_IDS.join(", ")})`);
  return m;
}

/** A list argument of 1 to `max` entries. */
export function checkCount(argumentName: string, values: unknown[], max: number, what: string): void {
  if (!values.length || values.length > max) throw badInput(argumentName, `give 1 to ${max} ${what}`);
}

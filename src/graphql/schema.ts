import "reflect-metadata";
import path from "node:path";
import { ArgumentValidationError, buildSchema } from "type-graphql";
import { validateOrReject, type ValidationError } from "class-validator";
import { projectRoot } from "../shared/paths";
import type { GraphQLSchema } from "graphql";
import { RegionResolver } from "../modules/region/region.resolver";
import { AgencyResolver } from "../modules/agency/agency.resolver";
import { ReportResolver } from "../modules/report/report.resolver";
import { ImportResolver } from "./mutations/import-report.resolver";
import { AgencyAdminResolver } from "./mutations/agency-admin.resolver";
import { AgencyReportsResolver } from "../modules/report/agency-reports.resolver";
import { CoverageResolver, RegionStatisticsResolver } from "../modules/statistics/region-statistics.resolver";
import { ComparisonResolver } from "../modules/statistics/comparison.resolver";
import { RankingResolver } from "../modules/statistics/ranking.resolver";
import { TrendResolver } from "../modules/statistics/trend.resolver";
import { AggregateResolver } from "../modules/statistics/aggregate.resolver";
import { ReportMetricsResolver } from "../modules/statistics/report-metrics.resolver";
import { FindingsResolver } from "../modules/findings/findings.resolver";
import { guardField, skipGuardOnPlainFields } from "./security/middleware";
import { ReportFindingsResolver } from "../modules/findings/report-findings.resolver";
import { ReportDownloadsResolver } from "../modules/report/report-downloads.resolver";
import { RegionDownloadsResolver } from "../modules/statistics/downloads.resolver";
import { NarrativesResolver, ReportNarrativeResolver } from "../modules/narratives/narratives.resolver";
import { CorrectCellsResolver } from "./mutations/correct-cells.resolver";
import { ReportHistoryResolver } from "../modules/report/history.resolver";
import { ReviewQueueResolver } from "../modules/report/review.resolver";

export const SCHEMA_FILE = path.join(projectRoot(), "schema.graphql");

/**
 * type-graphql's validation of an argument (class-validator on input objects, `validate: true`), with
 * class-validator imported once. type-graphql's own requires the module again on every call, and
 * Node resolves that path from scratch each time (the module was first loaded by another file, so
 * the requiring file's resolve cache never holds it): 1–4 path resolutions a request, each reading
 * package scopes, for every list or input argument (compareAgencies, aggregate, findings…).
 * Same options and the same error as type-graphql's.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (value === null || typeof value !== "object") return;
  const objects = Array.isArray(value) ? value.filter((v): v is object => v !== null && typeof v === "object") : [value];
  if (!objects.length) return;
  try {
    await Promise.all(objects.map((o) => validateOrReject(o, { skipMissingProperties: true, forbidUnknownValues: false })));
  } catch (err) {
    throw new ArgumentValidationError(err as ValidationError[]);
  }
}

/**
 * `guard: false` leaves the per-field guard out, `guardPlainFields: true` puts it on plain property
 * fields too (as before): only bench/limits.ts uses them, to measure what the guard costs.
 */
export function createSchema(emit = false, options: { guard?: boolean; guardPlainFields?: boolean } = {}): Promise<GraphQLSchema> {
  skipGuardOnPlainFields(!options.guardPlainFields);
  return buildSchema({
    resolvers: [
      RegionResolver, AgencyResolver, ReportResolver, AgencyReportsResolver, ImportResolver, AgencyAdminResolver,
      RegionStatisticsResolver, CoverageResolver, ComparisonResolver, RankingResolver, TrendResolver, AggregateResolver, ReportMetricsResolver,
      FindingsResolver, ReportFindingsResolver, ReportDownloadsResolver, RegionDownloadsResolver, NarrativesResolver, ReportNarrativeResolver,
      CorrectCellsResolver, ReportHistoryResolver, ReviewQueueResolver,
    ],
    validate: true,
    validateFn: validateArgument,
    // harden: every field checks the request's budget and its arguments (src/graphql/security).
    globalMiddlewares: options.guard === false ? [] : [guardField],
    emitSchemaFile: emit ? { path: SCHEMA_FILE, sortedSchema: true } : false,
  });
}

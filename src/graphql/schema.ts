import "reflect-metadata";
import path from "node:path";
import { buildSchema } from "type-graphql";
import { projectRoot } from "../shared/paths";
import type { GraphQLSchema } from "graphql";
import { RegionResolver } from "../modules/region/region.resolver";
import { AgencyResolver } from "../modules/agency/agency.resolver";
import { ReportResolver } from "../modules/report/report.resolver";
import { ImportResolver } from "../modules/report/import.resolver";
import { AgencyAdminResolver } from "../modules/agency/agency-admin.resolver";
import { CoverageResolver, RankingResolver, RegionStatisticsResolver, StatisticsResolver } from "../modules/statistics/statistics.resolver";
import { FindingsResolver } from "../modules/findings/findings.resolver";
import { guardField } from "./security/middleware";

export const SCHEMA_FILE = path.join(projectRoot(), "schema.graphql");

export function createSchema(emit = false): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [RegionResolver, AgencyResolver, ReportResolver, ImportResolver, AgencyAdminResolver, StatisticsResolver, CoverageResolver, RegionStatisticsResolver, RankingResolver, FindingsResolver],
    validate: true,
    // harden: every field checks the request's budget and its arguments (src/graphql/security).
    globalMiddlewares: [guardField],
    emitSchemaFile: emit ? { path: SCHEMA_FILE, sortedSchema: true } : false,
  });
}

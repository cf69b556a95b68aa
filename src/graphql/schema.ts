import "reflect-metadata";
import path from "node:path";
import { buildSchema } from "type-graphql";
import { projectRoot } from "../shared/paths";
import type { GraphQLSchema } from "graphql";
import { RegionResolver } from "../modules/region/region.resolver";
import { AgencyResolver } from "../modules/agency/agency.resolver";
import { ReportResolver } from "../modules/report/report.resolver";
import { ImportResolver } from "./mutations/import-report.resolver";
import { AgencyAdminResolver } from "./mutations/agency-admin.resolver";
import { CoverageResolver, RankingResolver, RegionStatisticsResolver, StatisticsResolver } from "../modules/statistics/statistics.resolver";
import { FindingsResolver } from "../modules/findings/findings.resolver";

export const SCHEMA_FILE = path.join(projectRoot(), "schema.graphql");

export function createSchema(emit = false): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [RegionResolver, AgencyResolver, ReportResolver, ImportResolver, AgencyAdminResolver, StatisticsResolver, CoverageResolver, RegionStatisticsResolver, RankingResolver, FindingsResolver],
    validate: true,
    emitSchemaFile: emit ? { path: SCHEMA_FILE, sortedSchema: true } : false,
  });
}

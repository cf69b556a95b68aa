import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * metric_count (store/metric-index.ts): how many report_metric rows each (metric, year, region
 * level key, agency kind, template, denominator) has, the denominator capped at 100 — so a ranking's
 * count of ranked agencies (denominator ≥ threshold) is a sum over at most a few hundred rows, not a
 * count over every report of the region. Filled here from report_metric; the region-level keys are
 * report_metric's own columns ('' for the country, prov, pref, cnty, and the 12-digit code of a town).
 */
const KEYS = ["''", "prov", "pref", "cnty", "CASE WHEN LENGTH(regionCode) > 6 THEN regionCode END"];

export class MetricCount1796300000000 implements MigrationInterface {
  name = "MetricCount1796300000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "metric_count",
      columns: [
        col({ name: "metric", type: "varchar", length: "40", isPrimary: true }),
        col({ name: "year", type: "integer", isPrimary: true }),
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "agencyKind", type: "varchar", length: "20", isPrimary: true }),
        col({ name: "format", type: "varchar", length: "8", isPrimary: true }),
        col({ name: "denominator", type: "integer", isPrimary: true }),
        col({ name: "n", type: "integer" }),
      ],
    }), true, true, true);
    for (const key of KEYS) {
      await qr.query(`INSERT INTO metric_count (metric, year, regionKey, agencyKind, format, denominator, n)
        SELECT metric, year, ${key} AS rk, agencyKind, format, CASE WHEN denominator > 100 THEN 100 ELSE denominator END AS d, COUNT(*)
        FROM report_metric WHERE ${key} IS NOT NULL GROUP BY metric, year, rk, agencyKind, format, d`);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("metric_count", true, true, true);
  }
}

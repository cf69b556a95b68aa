import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * report_metric gains `tier`: the denominator's step on the sample ladder 1, 2, 3,
 * 5, 10, 20, 50, 100 (the largest step not above it; domain/metrics SAMPLE_TIERS holds the same
 * ladder). The value indexes lead with it: (metric, year, <level>, tier, value, agencyId,
 * denominator). A ranking with sample threshold k reads the first N of each tier from k's up (one
 * index range each) and merges them, so the small samples that gather at the extremes (1 of 1
 * granted is 100 %) are never read; only when k is between two steps are the rows of its own tier
 * below k skipped, on index entries. The writer sets it with each row (store/metric-index.ts); the
 * rows already stored get it here. (A generated column would need no writer, but TypeORM's SQLite
 * driver cannot load a table with one outside its own metadata table.)
 */
const TIER = "CASE WHEN denominator >= 100 THEN 100 WHEN denominator >= 50 THEN 50 WHEN denominator >= 20 THEN 20 WHEN denominator >= 10 THEN 10"
  + " WHEN denominator >= 5 THEN 5 WHEN denominator >= 3 THEN 3 WHEN denominator >= 2 THEN 2 ELSE 1 END";

const INDEXES: Array<[string, string | null]> = [
  ["IDX_report_metric_value", null],
  ["IDX_report_metric_town", "regionCode"],
  ["IDX_report_metric_prov_value", "prov"],
  ["IDX_report_metric_pref_value", "pref"],
  ["IDX_report_metric_cnty_value", "cnty"],
];

export class MetricSampleTier1796320000000 implements MigrationInterface {
  name = "MetricSampleTier1796320000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.addColumn("report_metric", new TableColumn(col({ name: "tier", type: "integer", default: 1 })));
    await qr.query(`UPDATE report_metric SET tier = ${TIER} WHERE tier <> ${TIER}`);
    for (const [name, level] of INDEXES) {
      await qr.dropIndex("report_metric", name);
      await qr.createIndex("report_metric", new TableIndex({ name, columnNames: ["metric", "year", ...(level ? [level] : []), "tier", "value", "agencyId", "denominator"] }));
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [name, level] of INDEXES) {
      await qr.dropIndex("report_metric", name);
      await qr.createIndex("report_metric", new TableIndex({ name, columnNames: ["metric", "year", ...(level ? [level] : []), "value", "agencyId"] }));
    }
    await qr.dropColumn("report_metric", "tier");
  }
}

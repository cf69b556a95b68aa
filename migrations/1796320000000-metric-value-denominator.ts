import { MigrationInterface, QueryRunner, TableIndex } from "typeorm";

/**
 * report_metric's value indexes (metric, year, <level>, value, agencyId) gain the denominator as a
 * last column. A ranking with a sample threshold reads its top N in value order and skips the rows
 * under the threshold; those gather at the extremes (1 of 1 granted is 100 %), so the skipped rows
 * grow with the scope. With the denominator in the index the threshold is checked on the index entry
 * (index condition pushdown on MySQL/MariaDB; SQLite reads index columns before the row) and only
 * the N rows of the page are read from the table.
 */
const INDEXES: Array<[string, string | null]> = [
  ["IDX_report_metric_value", null],
  ["IDX_report_metric_town", "regionCode"],
  ["IDX_report_metric_prov_value", "prov"],
  ["IDX_report_metric_pref_value", "pref"],
  ["IDX_report_metric_cnty_value", "cnty"],
];

function columns(level: string | null, withDenominator: boolean): string[] {
  return ["metric", "year", ...(level ? [level] : []), "value", "agencyId", ...(withDenominator ? ["denominator"] : [])];
}

export class MetricValueDenominator1796320000000 implements MigrationInterface {
  name = "MetricValueDenominator1796320000000";

  async up(qr: QueryRunner): Promise<void> {
    for (const [name, level] of INDEXES) {
      await qr.dropIndex("report_metric", name);
      await qr.createIndex("report_metric", new TableIndex({ name, columnNames: columns(level, true) }));
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [name, level] of INDEXES) {
      await qr.dropIndex("report_metric", name);
      await qr.createIndex("report_metric", new TableIndex({ name, columnNames: columns(level, false) }));
    }
  }
}

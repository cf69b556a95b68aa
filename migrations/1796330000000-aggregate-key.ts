import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * aggregate_key (store/metric-index.ts): each current aggregate (汇总) report once per summary key
 * of its region (the scopes and keys of the summary ledger: own, prov, pref, cnty, town), so a
 * region's excluded aggregates — the first N by id, and their count — are one primary-key range
 * instead of every aggregate report under a region-code prefix, sorted. Filled here from the stored
 * reports; the key expressions are a frozen copy of domain/regions summaryKeySql.
 */
const KEYS: Array<[string, string]> = [
  ["own", "r.regionCode"],
  ["prov", "SUBSTR(r.regionCode, 1, 2)"],
  ["pref", "CASE WHEN SUBSTR(r.regionCode, 3, 4) <> '0000' THEN SUBSTR(r.regionCode, 1, 4) END"],
  ["cnty", "CASE WHEN LENGTH(r.regionCode) > 6 OR SUBSTR(r.regionCode, 5, 2) <> '00' THEN SUBSTR(r.regionCode, 1, 6) END"],
  ["town", "CASE WHEN LENGTH(r.regionCode) > 6 THEN r.regionCode END"],
];

export class AggregateKey1796330000000 implements MigrationInterface {
  name = "AggregateKey1796330000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "aggregate_key",
      columns: [
        col({ name: "scope", type: "varchar", length: "4", isPrimary: true }),
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "year", type: "integer", isPrimary: true }),
        col({ name: "reportId", type: "integer", isPrimary: true }),
      ],
      indices: [{ name: "IDX_aggregate_key_report", columnNames: ["reportId"] }],
      foreignKeys: [{ columnNames: ["reportId"], referencedTableName: "report", referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }],
    }), true, true, true);
    for (const [scope, key] of KEYS) {
      await qr.query(`INSERT INTO aggregate_key (scope, regionKey, year, reportId)
        SELECT '${scope}', ${key}, r.year, r.id FROM report r
        WHERE r.isCurrent = 1 AND r.isAggregate = 1 AND r.regionCode IS NOT NULL AND ${key} IS NOT NULL`);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("aggregate_key", true, true, true);
  }
}

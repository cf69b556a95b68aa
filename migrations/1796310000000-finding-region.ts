import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * finding_region (store/metric-index.ts): findings of current reports per (region level key, rule,
 * reporting agency's region code) — rule '' counts every rule — so findingCounts' by-region list of
 * a region (the largest 500 region codes below it) is one index range read in count order, not a
 * group-by over every region code below it. Filled here from finding_key's country-level rows (one
 * per finding, with its region code); the level keys are a frozen copy of metric-index's.
 */
const LEVELS = ["''", "SUBSTR(k.regionCode, 1, 2)", "CASE WHEN SUBSTR(k.regionCode, 3, 4) <> '0000' THEN SUBSTR(k.regionCode, 1, 4) END",
  "CASE WHEN LENGTH(k.regionCode) > 6 OR SUBSTR(k.regionCode, 5, 2) <> '00' THEN SUBSTR(k.regionCode, 1, 6) END", "CASE WHEN LENGTH(k.regionCode) > 6 THEN k.regionCode END"];

export class FindingRegion1796310000000 implements MigrationInterface {
  name = "FindingRegion1796310000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "finding_region",
      columns: [
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "rule", type: "varchar", length: "8", isPrimary: true }),
        col({ name: "regionCode", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "n", type: "integer" }),
      ],
      indices: [{ name: "IDX_finding_region_top", columnNames: ["regionKey", "rule", "n", "regionCode"] }],
    }), true, true, true);
    for (const level of LEVELS) {
      for (const rule of ["k.rule", "''"]) {
        await qr.query(`INSERT INTO finding_region (regionKey, rule, regionCode, n)
          SELECT ${level} AS rk, ${rule} AS ru, COALESCE(k.regionCode, '') AS rc, COUNT(*) FROM finding_key k
          WHERE k.regionKey = '' AND ${level} IS NOT NULL GROUP BY rk, ru, rc`);
      }
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("finding_region", true, true, true);
  }
}

import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * The coverage read model (store/coverage-index.ts): coverage_key (per region level, year and agency
 * without a current report that year, whether it reported the year before), coverage_count (their
 * counts) and coverage_year (the years materialized; 0 = every registered agency). Plus an index on
 * report that finds a region-year's aggregate (汇总) reports without reading its other reports.
 *
 * Filled here from the stored agencies and reports; the region-level expressions are a frozen copy
 * of domain/regions.ts summaryKeySql as of this migration.
 */
const LEVELS: Array<[string, string]> = [
  ["own", "a.regionCode"],
  ["prov", "SUBSTR(a.regionCode, 1, 2)"],
  ["pref", "CASE WHEN SUBSTR(a.regionCode, 3, 4) <> '0000' THEN SUBSTR(a.regionCode, 1, 4) END"],
  ["cnty", "CASE WHEN LENGTH(a.regionCode) > 6 OR SUBSTR(a.regionCode, 5, 2) <> '00' THEN SUBSTR(a.regionCode, 1, 6) END"],
  ["town", "CASE WHEN LENGTH(a.regionCode) > 6 THEN a.regionCode END"],
];

export class Coverage1796293000000 implements MigrationInterface {
  name = "Coverage1796293000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "coverage_key",
      columns: [
        col({ name: "scope", type: "varchar", length: "4", isPrimary: true }),
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "year", type: "integer", isPrimary: true }),
        col({ name: "status", type: "integer", isPrimary: true }),
        col({ name: "agencyId", type: "integer", isPrimary: true }),
        col({ name: "agencyKind", type: "varchar", length: "20" }),
      ],
      indices: [
        { name: "IDX_coverage_key_kind", columnNames: ["scope", "regionKey", "year", "agencyKind", "status", "agencyId"] },
        { name: "IDX_coverage_key_agency", columnNames: ["agencyId", "year"] },
      ],
      foreignKeys: [{ columnNames: ["agencyId"], referencedTableName: "agency", referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "coverage_count",
      columns: [
        col({ name: "scope", type: "varchar", length: "4", isPrimary: true }),
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "year", type: "integer", isPrimary: true }),
        col({ name: "agencyKind", type: "varchar", length: "20", isPrimary: true }),
        col({ name: "status", type: "integer", isPrimary: true }),
        col({ name: "n", type: "integer" }),
      ],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "coverage_year",
      columns: [col({ name: "year", type: "integer", isPrimary: true })],
    }), true, true, true);
    await qr.createIndex("report", new TableIndex({ name: "IDX_report_aggregates", columnNames: ["year", "isAggregate", "isCurrent", "regionCode"] }));

    await qr.query("INSERT INTO coverage_year (year) VALUES (0)");
    const [range] = await qr.query("SELECT MIN(year) AS first, MAX(year) AS last FROM report WHERE isCurrent = 1");
    if (range?.first != null) {
      for (let y = Number(range.first); y <= Number(range.last) + 1; y++) await qr.query("INSERT INTO coverage_year (year) VALUES (?)", [y]);
    }
    for (const [scope, key] of LEVELS) {
      await qr.query(`INSERT INTO coverage_key (scope, regionKey, year, agencyKind, status, agencyId)
        SELECT '${scope}', ${key}, y.year, a.kind,
          CASE WHEN y.year > 0 AND EXISTS (SELECT 1 FROM report p WHERE p.agencyId = a.id AND p.year = y.year - 1 AND p.isCurrent = 1) THEN 0 ELSE 1 END,
          a.id
        FROM agency a JOIN coverage_year y ON 1 = 1
        WHERE a.regionCode IS NOT NULL AND a.regionCode <> '' AND ${key} IS NOT NULL
          AND (y.year = 0 OR NOT EXISTS (SELECT 1 FROM report r WHERE r.agencyId = a.id AND r.year = y.year AND r.isCurrent = 1))`);
    }
    await qr.query(`INSERT INTO coverage_count (scope, regionKey, year, agencyKind, status, n)
      SELECT scope, regionKey, year, agencyKind, status, COUNT(*) FROM coverage_key GROUP BY scope, regionKey, year, agencyKind, status`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex("report", "IDX_report_aggregates");
    for (const t of ["coverage_year", "coverage_count", "coverage_key"]) await qr.dropTable(t, true, true, true);
  }
}

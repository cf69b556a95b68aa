import { randomUUID } from "node:crypto";
import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";
import { rebuildReadModel } from "../src/store/metric-index";

/**
 * The read model for short answers over large scopes (store/metric-index.ts): report_metric
 * (headline metrics per current report, indexed per region level for rankings), finding_key and
 * finding_count (findings per region level, and their counts), and data_version (one row that
 * every write increases; the response cache's key). Filled from the stored reports here.
 */
export class ReadModel1796270000000 implements MigrationInterface {
  name = "ReadModel1796270000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    const cascade = {
      columnNames: ["reportId"], referencedTableName: "report", referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION",
    };
    const levels = ["prov", "pref", "cnty"];
    await qr.createTable(new Table({
      name: "report_metric",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "metric", type: "varchar", length: "40", isPrimary: true }),
        col({ name: "agencyId", type: "integer" }),
        col({ name: "year", type: "integer" }),
        col({ name: "format", type: "varchar", length: "8" }),
        col({ name: "agencyKind", type: "varchar", length: "20" }),
        col({ name: "regionCode", type: "varchar", length: "12", isNullable: true }),
        col({ name: "prov", type: "varchar", length: "2", isNullable: true }),
        col({ name: "pref", type: "varchar", length: "4", isNullable: true }),
        col({ name: "cnty", type: "varchar", length: "6", isNullable: true }),
        col({ name: "numerator", type: "bigint" }),
        col({ name: "denominator", type: "bigint" }),
        col({ name: "value", type: "double" }),
      ],
      indices: [
        { name: "IDX_report_metric_value", columnNames: ["metric", "year", "value", "agencyId"] },
        { name: "IDX_report_metric_den", columnNames: ["metric", "year", "denominator", "agencyId"] },
        { name: "IDX_report_metric_town", columnNames: ["metric", "year", "regionCode", "value", "agencyId"] },
        ...levels.flatMap((l) => [
          { name: `IDX_report_metric_${l}_value`, columnNames: ["metric", "year", l, "value", "agencyId"] },
          { name: `IDX_report_metric_${l}_den`, columnNames: ["metric", "year", l, "denominator", "agencyId"] },
        ]),
      ],
      foreignKeys: [cascade],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "finding_key",
      columns: [
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "findingId", type: "integer", isPrimary: true }),
        col({ name: "reportId", type: "integer" }),
        col({ name: "rule", type: "varchar", length: "8" }),
        col({ name: "severity", type: "varchar", length: "8" }),
        col({ name: "year", type: "integer" }),
        col({ name: "regionCode", type: "varchar", length: "12", isNullable: true }),
      ],
      indices: [
        { name: "IDX_finding_key_rule", columnNames: ["regionKey", "rule", "findingId"] },
        { name: "IDX_finding_key_report", columnNames: ["reportId"] },
      ],
      foreignKeys: [cascade],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "finding_count",
      columns: [
        col({ name: "scope", type: "varchar", length: "4", isPrimary: true }),
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "rule", type: "varchar", length: "8", isPrimary: true }),
        col({ name: "severity", type: "varchar", length: "8", isPrimary: true }),
        col({ name: "year", type: "integer", isPrimary: true }),
        col({ name: "n", type: "integer" }),
      ],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "data_version",
      columns: [
        col({ name: "id", type: "integer", isPrimary: true }),
        col({ name: "version", type: "bigint" }),
        // Random per database: cached answers of two databases sharing one Redis never meet.
        col({ name: "epoch", type: "varchar", length: "36" }),
      ],
    }), true, true, true);
    await qr.query("INSERT INTO data_version (id, version, epoch) VALUES (1, 1, ?)", [randomUUID()]);
    await rebuildReadModel(qr.manager);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ["data_version", "finding_count", "finding_key", "report_metric"]) await qr.dropTable(t, true, true, true);
  }
}

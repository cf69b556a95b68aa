import { MigrationInterface, QueryRunner, Table, TableForeignKeyOptions } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";
import { CELLS } from "../src/domain/cells";

const cascade = (column: string, table: string, referenced = "id"): TableForeignKeyOptions => ({
  columnNames: [column], referencedTableName: table, referencedColumnNames: [referenced], onDelete: "CASCADE", onUpdate: "NO ACTION",
});

/** Regions, agencies (with former names), reports with their revisions, sources, figures and findings. */
export class Init1764470000000 implements MigrationInterface {
  name = "Init1764470000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col, id, createdAt, types } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "region",
      columns: [
        col({ name: "code", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "name", type: "varchar", length: "100" }),
        col({ name: "level", type: "varchar", length: "12" }),
        col({ name: "parentCode", type: "varchar", length: "12", isNullable: true }),
      ],
      indices: [{ columnNames: ["parentCode"] }, { columnNames: ["name"] }],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "agency",
      columns: [
        id(),
        col({ name: "name", type: "varchar", length: "200" }),
        col({ name: "regionCode", type: "varchar", length: "12", isNullable: true }),
        col({ name: "kind", type: "varchar", length: "20" }),
        col({ name: "parentId", type: "integer", isNullable: true }),
        createdAt("createdAt"),
      ],
      indices: [{ columnNames: ["name"] }, { columnNames: ["regionCode", "kind"] }, { columnNames: ["parentId"] }],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "agency_name",
      columns: [
        id(),
        col({ name: "agencyId", type: "integer" }),
        col({ name: "name", type: "varchar", length: "200" }),
        col({ name: "fromYear", type: "integer", isNullable: true }),
        col({ name: "toYear", type: "integer", isNullable: true }),
      ],
      indices: [{ columnNames: ["name"] }, { columnNames: ["agencyId"] }],
      foreignKeys: [cascade("agencyId", "agency")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "report",
      columns: [
        id(),
        col({ name: "agencyId", type: "integer" }),
        col({ name: "year", type: "integer" }),
        col({ name: "format", type: "varchar", length: "8" }),
        col({ name: "isAggregate", type: "boolean", default: false }),
        col({ name: "revision", type: "integer", default: 1 }),
        col({ name: "isCurrent", type: "boolean", default: true }),
        col({ name: "regionCode", type: "varchar", length: "12", isNullable: true }),
        col({ name: "printedAgencyName", type: "varchar", length: "200" }),
        col({ name: "sourceUrl", type: "varchar", length: "1000", isNullable: true }),
        col({ name: "publishedAt", type: "varchar", length: "10", isNullable: true }),
        col({ name: "fileName", type: "varchar", length: "255", isNullable: true }),
        col({ name: "contentType", type: "varchar", length: "60" }),
        col({ name: "checksum", type: "varchar", length: "64" }),
        col({ name: "parserVersion", type: "varchar", length: "20" }),
        createdAt("importedAt"),
        col({ name: "importedBy", type: "varchar", length: "100" }),
        col({ name: "sections", type: "json" }),
        col({ name: "blankCells", type: "json" }),
        col({ name: "ambiguousCells", type: "json" }),
        col({ name: "extra", type: "json" }),
      ],
      indices: [{ columnNames: ["agencyId", "year", "revision"], isUnique: true }, { columnNames: ["year", "isCurrent", "regionCode"] }, { columnNames: ["checksum"] }],
      foreignKeys: [cascade("agencyId", "agency")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "report_source",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "encoding", type: "varchar", length: "8" }),
        col({ name: "content", type: types.longText }),
      ],
      foreignKeys: [cascade("reportId", "report")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "aggregate_member",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "agencyId", type: "integer", isPrimary: true }),
      ],
      foreignKeys: [cascade("reportId", "report"), cascade("agencyId", "agency")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "report_figures",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        // The catalogue as of this migration; later cells arrive in later migrations.
        ...CELLS.map((cell) => col({ name: cell.column, type: "bigint", isNullable: true })),
      ],
      foreignKeys: [cascade("reportId", "report")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "finding",
      columns: [
        id(),
        col({ name: "reportId", type: "integer" }),
        col({ name: "rule", type: "varchar", length: "8" }),
        col({ name: "severity", type: "varchar", length: "8" }),
        col({ name: "path", type: "varchar", length: "120", isNullable: true }),
        col({ name: "paths", type: "json" }),
        col({ name: "printed", type: "bigint", isNullable: true }),
        col({ name: "computed", type: "bigint", isNullable: true }),
        col({ name: "message", type: "varchar", length: "1000" }),
      ],
      indices: [{ columnNames: ["reportId"] }, { columnNames: ["rule", "severity"] }],
      foreignKeys: [cascade("reportId", "report")],
    }), true, true, true);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ["finding", "report_figures", "aggregate_member", "report_source", "report", "agency_name", "agency", "region"]) {
      await qr.dropTable(table, true, true, true);
    }
  }
}

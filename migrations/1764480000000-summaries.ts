import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";
import { FIGURE_COLUMNS_1764470000000 } from "./1764470000000-init";

/**
 * Region-year summaries for statistics (stat_summary: per region, year, template and agency kind, the
 * own agencies' sums and the roll-up of everything below each region) and the report flag that says whether any of
 * its section 三/四 cells was unreadable. Existing databases get both filled by the first import or
 * by `gongkai rebuild-summaries`.
 */
export class Summaries1764480000000 implements MigrationInterface {
  name = "Summaries1764480000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.addColumn("report", new TableColumn(col({ name: "hasUnreadableCells", type: "boolean", default: false })));
    await qr.createTable(new Table({
      name: "stat_summary",
      columns: [
        col({ name: "scope", type: "varchar", length: "4", isPrimary: true }),
        col({ name: "regionKey", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "year", type: "integer", isPrimary: true }),
        col({ name: "format", type: "varchar", length: "8", isPrimary: true }),
        col({ name: "agencyKind", type: "varchar", length: "20", isPrimary: true }),
        col({ name: "reportCount", type: "integer" }),
        col({ name: "incompleteCount", type: "integer" }),
        // The figure columns as of this migration (unchanged since init); later cells arrive in later migrations.
        ...FIGURE_COLUMNS_1764470000000.map((name) => col({ name, type: "bigint", isNullable: true })),
      ],
    }), true);
    await qr.createIndex("report", new TableIndex({ columnNames: ["agencyId", "isCurrent", "year"] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("stat_summary", true);
    const table = await qr.getTable("report");
    const index = table!.indices.find((i) => i.columnNames.join() === "agencyId,isCurrent,year");
    if (index) await qr.dropIndex("report", index);
    await qr.dropColumn("report", "hasUnreadableCells");
  }
}

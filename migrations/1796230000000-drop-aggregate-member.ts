import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * Drops `aggregate_member` (which agencies an aggregate report covers): nothing ever wrote it. `down`
 * re-creates it empty, exactly as `Init1764470000000` made it.
 */
export class DropAggregateMember1796230000000 implements MigrationInterface {
  name = "DropAggregateMember1796230000000";

  async up(qr: QueryRunner): Promise<void> {
    await qr.dropTable("aggregate_member", true, true, true);
  }

  async down(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    const cascade = (column: string, table: string) => ({
      columnNames: [column], referencedTableName: table, referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION",
    });
    await qr.createTable(new Table({
      name: "aggregate_member",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "agencyId", type: "integer", isPrimary: true }),
      ],
      foreignKeys: [cascade("reportId", "report"), cascade("agencyId", "agency")],
    }), true, true, true);
  }
}

import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * narrative_pending (store/narrative-queue.ts): the reports whose search-index rows a batch import
 * left to be written on its second connection, one row per report and batch, written in the
 * batch's own transaction and deleted in the one that writes the rows. Rows left behind (an import
 * stopped in between) name the reports `gongkai rebuild-narratives --pending` brings up to date.
 */
export class NarrativePending1796350000000 implements MigrationInterface {
  name = "NarrativePending1796350000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "narrative_pending",
      columns: [
        col({ name: "batch", type: "varchar", length: "36", isPrimary: true }),
        col({ name: "reportId", type: "integer", isPrimary: true }),
      ],
    }), true);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("narrative_pending", true);
  }
}

import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * The narrative search index: narrative_token (character bigrams of each current report's narrative
 * sections) and narrative_section (each section's normal form, kind and length). Existing databases
 * start with an empty index; `gongkai rebuild-narratives` (store/narrative-index.ts) fills it from
 * the stored reports, and every later import keeps it current.
 */
export class NarrativeIndex1796250000000 implements MigrationInterface {
  name = "NarrativeIndex1796250000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col, types } = migrationTools(qr);
    const cascade = {
      columnNames: ["reportId"], referencedTableName: "report", referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION",
    };
    await qr.createTable(new Table({
      name: "narrative_token",
      columns: [
        col({ name: "term", type: "bigint", isPrimary: true }),
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "section", type: "integer", isPrimary: true }),
      ],
      indices: [{ columnNames: ["reportId"] }],
      foreignKeys: [cascade],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "narrative_section",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "section", type: "integer", isPrimary: true }),
        col({ name: "kind", type: "varchar", length: "12" }),
        col({ name: "chars", type: "integer" }),
        col({ name: "body", type: types.longText }),
      ],
      foreignKeys: [cascade],
    }), true, true, true);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("narrative_section", true, true, true);
    await qr.dropTable("narrative_token", true, true, true);
  }
}

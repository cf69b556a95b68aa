import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * `report.contentType` was 60 characters; Word's MIME type
 * (`application/vnd.openxmlformats-officedocument.wordprocessingml.document`) has 71, so a `.docx`
 * import failed on MySQL/MariaDB ("Data too long"). SQLite never enforced the length.
 */
export class WidenContentType1796260000000 implements MigrationInterface {
  name = "WidenContentType1796260000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.changeColumn("report", "contentType", new TableColumn(col({ name: "contentType", type: "varchar", length: "160" })));
  }

  async down(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.changeColumn("report", "contentType", new TableColumn(col({ name: "contentType", type: "varchar", length: "60" })));
  }
}

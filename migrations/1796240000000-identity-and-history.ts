import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKeyOptions, TableIndex } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

const cascade = (column: string, table: string): TableForeignKeyOptions => ({
  columnNames: [column], referencedTableName: table, referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION",
});

/** The agency key as the code of this migration computes it (frozen here; store/keys.ts holds the live one). */
function nameKey(regionCode: string | null, name: string): string {
  return `${regionCode ?? "-"}:${name.normalize("NFKC").replace(/\s+/g, "")}`.slice(0, 230);
}

/**
 * Identity and history. Unique keys where identity lives, so concurrent writers cannot duplicate:
 * `agency.nameKey` (region code + normalised name; a NULL region is "-", so it collides too) and
 * `report.currentKey` (`agencyId:year` on the current revision, NULL on the others — NULLs never
 * collide on SQLite or MySQL). `report.unreadableCount` (null cells) orders the review queue, and
 * `report_event` is the audit trail of imports, revisions, holds and corrections.
 *
 * Existing databases: agencies that already share a key keep their rows and get `#id` appended to
 * the key (merge them by hand); of several current revisions of one agency-year the highest stays
 * current.
 */
export class IdentityAndHistory1796240000000 implements MigrationInterface {
  name = "IdentityAndHistory1796240000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col, id, createdAt } = migrationTools(qr);
    await qr.addColumn("agency", new TableColumn(col({ name: "nameKey", type: "varchar", length: "230", isNullable: true })));
    const seen = new Set<string>();
    for (const a of await qr.query("SELECT id, name, regionCode FROM agency ORDER BY id")) {
      let key = nameKey(a.regionCode, a.name);
      if (seen.has(key)) key = `${key.slice(0, 218)}#${a.id}`;
      seen.add(key);
      await qr.query("UPDATE agency SET nameKey = ? WHERE id = ?", [key, a.id]);
    }
    await qr.changeColumn("agency", "nameKey", new TableColumn(col({ name: "nameKey", type: "varchar", length: "230" })));
    await qr.createIndex("agency", new TableIndex({ columnNames: ["nameKey"], isUnique: true }));

    await qr.addColumn("report", new TableColumn(col({ name: "currentKey", type: "varchar", length: "24", isNullable: true })));
    await qr.addColumn("report", new TableColumn(col({ name: "unreadableCount", type: "integer", default: 0 })));
    const current = new Set<string>();
    for (const r of await qr.query("SELECT id, agencyId, year, ambiguousCells FROM report WHERE isCurrent = 1 ORDER BY revision DESC, id DESC")) {
      const key = `${r.agencyId}:${r.year}`;
      if (current.has(key)) {
        await qr.query("UPDATE report SET isCurrent = 0 WHERE id = ?", [r.id]);
        continue;
      }
      current.add(key);
      await qr.query("UPDATE report SET currentKey = ? WHERE id = ?", [key, r.id]);
    }
    for (const r of await qr.query("SELECT id, ambiguousCells FROM report")) {
      const cells = typeof r.ambiguousCells === "string" ? JSON.parse(r.ambiguousCells) : r.ambiguousCells;
      const n = Object.keys(cells ?? {}).length;
      if (n) await qr.query("UPDATE report SET unreadableCount = ? WHERE id = ?", [n, r.id]);
    }
    await qr.createIndex("report", new TableIndex({ columnNames: ["currentKey"], isUnique: true }));

    await qr.createTable(new Table({
      name: "report_event",
      columns: [
        id(),
        col({ name: "reportId", type: "integer", isNullable: true }),
        col({ name: "agencyId", type: "integer", isNullable: true }),
        col({ name: "year", type: "integer", isNullable: true }),
        col({ name: "revision", type: "integer", isNullable: true }),
        col({ name: "kind", type: "varchar", length: "16" }),
        col({ name: "actor", type: "varchar", length: "100" }),
        col({ name: "reason", type: "varchar", length: "1000", isNullable: true }),
        col({ name: "detail", type: "json", isNullable: true }),
        createdAt("at"),
      ],
      indices: [{ columnNames: ["agencyId", "year"] }, { columnNames: ["reportId"] }, { columnNames: ["kind"] }],
      foreignKeys: [cascade("reportId", "report")],
    }), true, true, true);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("report_event", true, true, true);
    const drop = async (table: string, columns: string) => {
      const t = await qr.getTable(table);
      const index = t!.indices.find((i) => i.columnNames.join() === columns);
      if (index) await qr.dropIndex(table, index);
    };
    await drop("report", "currentKey");
    await qr.dropColumn("report", "unreadableCount");
    await qr.dropColumn("report", "currentKey");
    await drop("agency", "nameKey");
    await qr.dropColumn("agency", "nameKey");
  }
}

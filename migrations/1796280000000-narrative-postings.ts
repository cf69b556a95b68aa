import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * narrative_token becomes a ranked postings list, so that search reads its first page with LIMIT:
 * each row (one distinct character bigram of one section) carries `weight` — the bigram's BM25
 * term weight in the section, an integer — and the report's filter columns (year, section kind,
 * region, agency kind). The primary key (term, weight, reportId, section) orders each term's
 * postings best first; the index (reportId, term) serves deletes and filter-driven lookups.
 *
 * Existing rows are rebuilt from narrative_section (the sections' normal form, kept there), a
 * batch of reports at a time. The bigram and weight arithmetic below is a frozen copy of
 * src/domain/narrative-rank.ts as of this migration (migrations never import domain/).
 */
const K1 = 1.2;
const B = 0.75;
const AVERAGE_CHARS = 500;
const BATCH = 200;

function weightOf(tf: number, chars: number): number {
  return Math.round((1e6 * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * chars) / AVERAGE_CHARS)));
}

function bigramCounts(body: string): Map<number, number> {
  const cps = [...body].map((c) => c.codePointAt(0)!);
  const counts = new Map<number, number>();
  for (let i = 0; i + 1 < cps.length; i++) {
    const key = cps[i] * 0x110000 + cps[i + 1];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export class NarrativePostings1796280000000 implements MigrationInterface {
  name = "NarrativePostings1796280000000";

  async up(qr: QueryRunner): Promise<void> {
    await qr.dropTable("narrative_token", true, true, true);
    await this.create(qr, true);
    let after = 0;
    for (;;) {
      const ids: Array<{ id: unknown }> = await qr.query(
        `SELECT DISTINCT reportId AS id FROM narrative_section WHERE reportId > ? ORDER BY reportId LIMIT ${BATCH}`, [after]);
      if (!ids.length) break;
      after = Number(ids[ids.length - 1].id);
      const list = ids.map(() => "?").join(", ");
      const rows: Array<Record<string, unknown>> = await qr.query(
        `SELECT s.reportId AS reportId, s.section AS section, s.kind AS kind, s.chars AS chars, s.body AS body,
           r.year AS year, r.regionCode AS regionCode, a.kind AS agencyKind
         FROM narrative_section s JOIN report r ON r.id = s.reportId JOIN agency a ON a.id = r.agencyId
         WHERE s.reportId IN (${list})`, ids.map((r) => Number(r.id)));
      const postings: unknown[][] = [];
      for (const s of rows) {
        for (const [term, tf] of bigramCounts(String(s.body))) {
          postings.push([term, weightOf(tf, Number(s.chars)), Number(s.reportId), Number(s.section), Number(s.year), s.kind, s.regionCode, s.agencyKind]);
        }
      }
      for (let i = 0; i < postings.length; i += 3000) {
        const chunk = postings.slice(i, i + 3000);
        await qr.query(
          `INSERT INTO narrative_token (term, weight, reportId, section, year, kind, regionCode, agencyKind) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
          chunk.flat());
      }
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("narrative_token", true, true, true);
    // The earlier shape, empty: `gongkai rebuild-narratives` of that version refills it.
    await this.create(qr, false);
  }

  private async create(qr: QueryRunner, ranked: boolean): Promise<void> {
    const { col } = migrationTools(qr);
    const cascade = {
      columnNames: ["reportId"], referencedTableName: "report", referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION",
    };
    await qr.createTable(new Table({
      name: "narrative_token",
      columns: ranked
        ? [
          col({ name: "term", type: "bigint", isPrimary: true }),
          col({ name: "weight", type: "integer", isPrimary: true }),
          col({ name: "reportId", type: "integer", isPrimary: true }),
          col({ name: "section", type: "integer", isPrimary: true }),
          col({ name: "year", type: "integer" }),
          col({ name: "kind", type: "varchar", length: "12" }),
          col({ name: "regionCode", type: "varchar", length: "12", isNullable: true }),
          col({ name: "agencyKind", type: "varchar", length: "20" }),
        ]
        : [
          col({ name: "term", type: "bigint", isPrimary: true }),
          col({ name: "reportId", type: "integer", isPrimary: true }),
          col({ name: "section", type: "integer", isPrimary: true }),
        ],
      indices: [{ columnNames: ranked ? ["reportId", "term"] : ["reportId"] }],
      foreignKeys: [cascade],
    }), true, true, true);
  }
}

import type { EntityManager } from "typeorm";
import { indexNarratives } from "../../src/store/narrative-index";

/**
 * The postings of a batch reach narrative_token in its primary-key order (term, weight, reportId,
 * section): sorted, SQLite stores a posting in 0.68 × the time (bench/results/2026-12-03-postings.md).
 */
describe("indexNarratives", () => {
  it("inserts a batch's postings in primary-key order, every posting once", async () => {
    const statements: Array<{ sql: string; params: unknown[] }> = [];
    const em = {
      query: async (sql: string, params: unknown[] = []) => {
        statements.push({ sql, params });
        return [];
      },
      connection: { driver: { options: { type: "better-sqlite3" } } },
    } as unknown as EntityManager;
    const reports = [
      { id: 7, agencyId: 1, year: 2021, regionCode: "350128", sections: [{ heading: "一、总体情况", text: "政府信息公开工作稳步推进，公开申请办理规范。" }, { heading: "五、存在的主要问题及改进情况", text: "公开意识有待加强。" }] },
      { id: 3, agencyId: 2, year: 2020, regionCode: "350100", sections: [{ heading: "一、总体情况", text: "信息公开平台建设持续加强，主动公开政府信息。" }] },
    ];
    const written = await indexNarratives(em, reports, new Map([[1, "county"], [2, "department"]]));
    const inserts = statements.filter((s) => s.sql.startsWith("INSERT INTO narrative_token"));
    const columns = inserts[0].sql.match(/\(([^)]*)\)/)![1].split(", ");
    const rows = inserts.flatMap((s) => {
      const out: Array<Record<string, unknown>> = [];
      for (let i = 0; i < s.params.length; i += columns.length) out.push(Object.fromEntries(columns.map((c, k) => [c, s.params[i + k]])));
      return out;
    });
    expect(rows.length).toBe(written);
    // Both reports and several sections are in the batch, and 公开 is in all three sections.
    expect(new Set(rows.map((r) => r.reportId))).toEqual(new Set([3, 7]));
    const key = (r: Record<string, unknown>) => [r.term, r.weight, r.reportId, r.section] as number[];
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [key(rows[i - 1]), key(rows[i])];
      const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
      expect(cmp).toBeLessThan(0);
    }
  });
});

import type { EntityManager } from "typeorm";
import { addCounts, addDelta, compareKeys, CountDeltas } from "../../src/store/counts";

describe("count deltas", () => {
  it("orders keys column by column: numbers by value, text as text, null first", () => {
    const keys: unknown[][] = [[10, "b"], [9, "z"], [10, "a"], [null, "a"], [10, null], [100, "a"]];
    expect([...keys].sort(compareKeys)).toEqual([[null, "a"], [9, "z"], [10, null], [10, "a"], [10, "b"], [100, "a"]]);
  });

  it("upserts the keys in key order (concurrent importers lock the rows in the same order) and deletes those lowered", async () => {
    const calls: Array<{ sql: string; params: unknown[] }> = [];
    const em = { connection: { driver: { options: { type: "mysql" } } }, query: async (sql: string, params: unknown[]) => void calls.push({ sql, params }) } as unknown as EntityManager;
    const deltas: CountDeltas = new Map();
    for (const [term, d] of [[300, 1], [20, 2], [1000, -1], [20, 1], [5, 0]] as const) addDelta(deltas, [term], d);
    await addCounts(em, "narrative_term", ["term"], deltas);
    expect(calls[0].sql).toMatch(/^INSERT INTO narrative_term \(term, n\) VALUES \(\?, \?\), \(\?, \?\), \(\?, \?\) ON DUPLICATE KEY UPDATE/);
    expect(calls[0].params).toEqual([20, 3, 300, 1, 1000, -1]);
    expect(calls[1]).toEqual({ sql: "DELETE FROM narrative_term WHERE n = 0 AND ((term = ?))", params: [1000] });
    expect(calls).toHaveLength(2);
  });
});

/**
 * Count tables of the read model (finding_count, metric_count, finding_region, coverage_count, narrative_term): signed deltas added with one upsert
 * statement per 500 keys, and the keys that reached 0 deleted by their primary key — never a scan.
 */
import type { Sink } from "./pipe";

/** Deltas by key: the key is the JSON array of the key columns' values, in `columns` order. */
export type CountDeltas = Map<string, number>;

export function addDelta(into: CountDeltas, key: unknown[], delta: number): void {
  const k = JSON.stringify(key);
  into.set(k, (into.get(k) ?? 0) + delta);
}

/** Adds the deltas to `table`'s `n` column; `columns` are its primary key, in the deltas' key order. */
export async function addCounts(em: Sink, table: string, columns: string[], deltas: CountDeltas): Promise<void> {
  // In key order: concurrent writers take these rows' locks in the same order (fewer deadlocks
  // between two imports; the writers run a deadlocked transaction again), and pages are visited in order.
  const entries = [...deltas].filter(([, n]) => n !== 0).map(([k, n]) => [k, n, JSON.parse(k) as unknown[]] as const).sort((a, b) => compareKeys(a[2], b[2]));
  const mysql = em.connection.driver.options.type !== "better-sqlite3";
  const row = `(${[...columns, "n"].map(() => "?").join(", ")})`;
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    await em.query(`INSERT INTO ${table} (${columns.join(", ")}, n) VALUES ${chunk.map(() => row).join(", ")} ${mysql
      ? "ON DUPLICATE KEY UPDATE n = n + VALUES(n)"
      : `ON CONFLICT (${columns.join(", ")}) DO UPDATE SET n = n + excluded.n`}`, chunk.flatMap(([, n, key]) => [...key, n]));
  }
  const lowered = entries.filter(([, n]) => n < 0);
  const match = `(${columns.map((c) => `${c} = ?`).join(" AND ")})`;
  for (let i = 0; i < lowered.length; i += 200) {
    const chunk = lowered.slice(i, i + 200);
    await em.query(`DELETE FROM ${table} WHERE n = 0 AND (${chunk.map(() => match).join(" OR ")})`, chunk.flatMap(([, , key]) => key));
  }
}

/** Orders two keys column by column: numbers by value, anything else as text; null first. */
export function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x == null) return -1;
    if (y == null) return 1;
    if (typeof x === "number" && typeof y === "number") return x - y;
    const sx = String(x);
    const sy = String(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

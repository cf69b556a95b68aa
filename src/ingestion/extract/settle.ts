/**
 * Settling with evidence: when the table's arithmetic leaves a row several readings, facts from
 * outside the table (domain/evidence.ts) may keep only the readings they agree with. Never a guess:
 * a fact that no reading satisfies, or two facts that keep different readings, settle nothing.
 */
import type { Fact, ResolvedBy } from "../../domain/evidence";
import type { AmbiguousCell } from "../../domain/report-json";

export interface Settled {
  /** Indices of the readings kept (all of them when nothing was settled). */
  keep: number[];
  /** The facts that narrowed the readings. */
  used: Fact[];
  /** Why nothing was settled although evidence spoke about the row. */
  conflict: string | null;
}

/** Narrows one row's readings (values in the order of `paths`) with the facts about its cells. */
export function settleRow(paths: readonly string[], readings: number[][], facts: Fact[], known: (path: string) => number | null): Settled {
  const all = readings.map((_, i) => i);
  const index = new Map(paths.map((p, i) => [p, i]));
  let keep = new Set(all);
  const used: Fact[] = [];
  const kept: Array<{ fact: Fact; set: Set<number> }> = [];
  for (const fact of facts) {
    if (!fact.alternatives.some((terms) => terms.some(([p]) => index.has(p)))) continue;
    const matching = new Set<number>();
    let open = false;
    readings.forEach((values, r) => {
      for (const terms of fact.alternatives) {
        let s = 0;
        let unknown = false;
        for (const [p, k] of terms) {
          const i = index.get(p);
          const v = i != null ? values[i] : known(p);
          if (v == null) unknown = true;
          else s += k * v;
        }
        if (unknown) open = true;
        if (unknown || s === fact.value) {
          matching.add(r);
          break;
        }
      }
    });
    if (open && matching.size === readings.length) continue; // depends on cells still unknown
    if (matching.size === readings.length) continue; // every reading agrees: says nothing here
    if (matching.size === 0) {
      if (fact.soft) continue; // a soft identity may fail honestly
      return { keep: all, used: [], conflict: `evidence fits none of the readings: ${fact.resolvedBy.detail} (${fact.value})` };
    }
    const next = new Set([...keep].filter((r) => matching.has(r)));
    if (next.size === 0) {
      const other = kept[kept.length - 1];
      return { keep: all, used: [], conflict: `evidence disagrees: ${other ? `${other.fact.resolvedBy.detail} (${other.fact.value}) vs ` : ""}${fact.resolvedBy.detail} (${fact.value})` };
    }
    keep = next;
    used.push(fact);
    kept.push({ fact, set: matching });
  }
  return { keep: [...keep].sort((a, b) => a - b), used, conflict: null };
}

/** One ResolvedBy for the facts that settled a row: the first fact's kind, every detail. */
export function resolvedBy(used: Fact[], via?: string): ResolvedBy {
  const details = [...new Set(used.map((f) => f.resolvedBy.detail))];
  return { kind: used[0].resolvedBy.kind, detail: details.join(" + ") + (via ? ` ${via}` : "") };
}

/** The ambiguity entry of a cell that evidence settled. */
export function settledEntry(reason: string, by: ResolvedBy): AmbiguousCell {
  return { reason, resolvedBy: by };
}

/**
 * Cross-year findings (X1–X3): for every changed agency-year, the report of that year is checked
 * against the year before, and the following year's report against it. The single import (a held
 * revision made current) calls this, with the rules handed in (store/ sits below ingestion/rules); the
 * batch writer runs the same checker in memory.
 */
import { EntityManager, In } from "typeorm";
import type { CanonicalReport, Diagnostic } from "../domain/report-json";
import { emptyReport } from "../domain/report-json";
import { figuresToTree } from "../domain/figures";
import { ReportEntity, ReportRow } from "../modules/report/report.entity";
import { findingRows } from "./rows";
import { insertRows } from "./sql";

export interface CrossYearChecker {
  /** The ids of the rules `check` runs: their stored findings are replaced. */
  ruleIds: readonly string[];
  check(current: CanonicalReport, previous: CanonicalReport): Diagnostic[];
}

type Neighbour = Pick<ReportRow, "id" | "agencyId" | "year" | "format" | "extra" | "printedAgencyName">;

export interface AgencyYear {
  agencyId: number;
  year: number;
}

// The rules read the figures; the rest of the report is the empty skeleton, built once per template.
const skeletons = new Map<string, CanonicalReport>();
const skeleton = (format: ReportRow["format"]) => skeletons.get(format) ?? skeletons.set(format, emptyReport(format)).get(format)!;

/**
 * A stored report as the cross-year rules read it: its figures row (as stored: numbers, or MySQL's
 * BIGINT strings) on the template's empty skeleton, with its year and printed name.
 */
export function storedCanonical(r: Pick<ReportRow, "year" | "format" | "extra" | "printedAgencyName">, figures: Record<string, unknown> | undefined): CanonicalReport {
  const tree = figuresToTree(r.format, figures, r.extra, true);
  return { ...skeleton(r.format), ...tree, year: r.year, agency: r.printedAgencyName };
}

/** Replaces the cross-year findings of the reports `changed` affects; returns how many were stored. */
export async function refreshCrossYearFindings(em: EntityManager, changed: AgencyYear[], checker: CrossYearChecker): Promise<number> {
  if (!changed.length) return 0;
  const key = (agencyId: number, year: number) => `${agencyId}:${year}`;
  const agencyIds = [...new Set(changed.map((c) => c.agencyId))];
  const years = [...new Set(changed.flatMap((c) => [c.year - 1, c.year, c.year + 1]))];
  const neighbours: Neighbour[] = await em.getRepository(ReportEntity).find({
    select: { id: true, agencyId: true, year: true, format: true, extra: true, printedAgencyName: true },
    where: { agencyId: In(agencyIds), year: In(years), isCurrent: true },
  });
  const byKey = new Map(neighbours.map((r) => [key(r.agencyId, r.year), r]));
  // Plain rows, not entities: hydrating ~180 BIGINT columns through the ORM costs ~1 ms a row;
  // figuresToTree reads numbers and MySQL's BIGINT strings alike.
  const ids = neighbours.map((r) => r.id);
  const figures: Array<Record<string, unknown>> = ids.length ? await em.query(`SELECT * FROM report_figures WHERE reportId IN (${ids.map(() => "?").join(", ")})`, ids) : [];
  const figuresOf = new Map(figures.map((f) => [Number(f.reportId), f]));
  const canonical = (r: Neighbour): CanonicalReport => storedCanonical(r, figuresOf.get(r.id));
  // The reports whose cross-year findings may change: each changed year, and the year after it.
  const targets = new Map<number, Neighbour>();
  for (const c of changed) {
    for (const year of [c.year, c.year + 1]) {
      const r = byKey.get(key(c.agencyId, year));
      if (r) targets.set(r.id, r);
    }
  }
  if (!targets.size) return 0;
  await em.createQueryBuilder().delete().from("finding")
    .where("reportId IN (:...ids) AND rule IN (:...rules)", { ids: [...targets.keys()], rules: [...checker.ruleIds] }).execute();
  const rows = [...targets.values()].flatMap((cur) => {
    const prev = byKey.get(key(cur.agencyId, cur.year - 1));
    return prev ? findingRows(cur.id, cur.format, checker.check(canonical(cur), canonical(prev))) : [];
  });
  await insertRows(em, "finding", rows);
  return rows.length;
}

/**
 * Read side of the import's evidence (domain/evidence.ts): what the database knows about a report's
 * neighbours before the report is stored — the same agency's current reports of the year before and
 * the year after (found by current or former name), and the other renderings of the same agency-year
 * imported earlier (stored revisions of other inputs). Cells that a stored report itself only had by
 * evidence are left out of a rendering: a rendering speaks for what it printed.
 */
import type { DataSource, EntityManager } from "typeorm";
import { In } from "typeorm";
import type { Evidence } from "../domain/evidence";
import { figuresToTree } from "../domain/figures";
import { CanonicalReport, emptyReport, setPath, Tree } from "../domain/report-json";
import { ReportEntity, ReportRow } from "../modules/report/report.entity";
import { findAgency } from "./agency-writer";

export interface EvidenceQuery {
  agency: string;
  regionCode: string | null;
  year: number;
  /** The checksum of the input being imported: a stored revision of the same input is not another rendering. */
  checksum: string;
}

type Stored = Pick<ReportRow, "id" | "year" | "revision" | "isCurrent" | "format" | "extra" | "printedAgencyName" | "sourceUrl" | "fileName" | "checksum" | "ambiguousCells">;

/** The canonical report a stored revision holds (its figures; the narrative is not needed as evidence). */
function canonicalOf(r: Stored, figures: Record<string, unknown> | undefined): CanonicalReport {
  const tree = figuresToTree(r.format, figures, r.extra, true);
  return { ...emptyReport(r.format), ...tree, agency: r.printedAgencyName, year: r.year, source: r.sourceUrl ?? r.fileName ?? `revision ${r.revision}`, ambiguousCells: r.ambiguousCells ?? {} };
}

/** Evidence for a report about to be imported; empty when its agency has nothing stored. */
export async function storedEvidence(ds: DataSource | EntityManager, q: EvidenceQuery): Promise<Evidence> {
  const em = "manager" in ds ? ds.manager : ds;
  const agency = await findAgency(em, q.agency, q.regionCode);
  if (!agency) return {};
  const rows: Stored[] = await em.getRepository(ReportEntity).find({
    select: { id: true, year: true, revision: true, isCurrent: true, format: true, extra: true, printedAgencyName: true, sourceUrl: true, fileName: true, checksum: true, ambiguousCells: true },
    where: { agencyId: agency.id, year: In([q.year - 1, q.year, q.year + 1]) },
    order: { revision: "ASC" },
  });
  const neighbour = (year: number) => rows.find((r) => r.year === year && r.isCurrent) ?? null;
  // One rendering per input: the first revision read from it (later ones with its checksum are corrections).
  const seen = new Set([q.checksum]);
  const renderings = rows.filter((r) => r.year === q.year && !seen.has(r.checksum) && seen.add(r.checksum));
  const wanted = [neighbour(q.year - 1), neighbour(q.year + 1), ...renderings].filter((r): r is Stored => r != null);
  if (!wanted.length) return {};
  const ids = wanted.map((r) => r.id);
  const figures: Array<Record<string, unknown>> = await em.query(`SELECT * FROM report_figures WHERE reportId IN (${ids.map(() => "?").join(", ")})`, ids);
  const byId = new Map(figures.map((f) => [Number(f.reportId), f]));
  const load = (r: Stored | null) => (r ? canonicalOf(r, byId.get(r.id)) : null);
  return {
    previousYear: load(neighbour(q.year - 1)),
    nextYear: load(neighbour(q.year + 1)),
    otherRenderings: renderings.map((r) => {
      const c = canonicalOf(r, byId.get(r.id));
      for (const [path, entry] of Object.entries(c.ambiguousCells)) if (typeof entry !== "string") setPath(c as unknown as Tree, path, null);
      return c;
    }),
  };
}

import { EntitySchema } from "typeorm";
import type { ColumnTypes } from "../../db/column-types";

/**
 * The narrative search index, written only by store/narrative-index.ts in the import's transaction.
 *
 * narrative_token: the ranked postings — one row per distinct character bigram (in normal form, see
 * domain/narrative.ts) of each narrative section of each current report; `term` packs the two code
 * points into one integer, `weight` is the bigram's BM25 weight in the section (domain/narrative-rank.ts).
 * The primary key (term, weight, reportId, section) lists a term's postings best first, so search
 * reads a page with ORDER BY … LIMIT; the report's filter columns are copied in (kept current by
 * store/narrative-index.ts when an agency's kind or region is corrected). The index (reportId, term)
 * serves deletes and searches driven by a narrow filter.
 *
 * narrative_section: each non-empty section's normal form, kind and length; search checks each
 * candidate's terms there (INSTR), which makes the answer exact.
 */
export interface NarrativeTokenRow {
  term: number;
  weight: number;
  reportId: number;
  /** Index of the section in the report's `sections`. */
  section: number;
  year: number;
  /** SectionKind (domain/narrative.ts). */
  kind: string;
  regionCode: string | null;
  agencyKind: string;
}

export interface NarrativeSectionRow {
  reportId: number;
  section: number;
  /** SectionKind (domain/narrative.ts). */
  kind: string;
  /** Code points of `body`. */
  chars: number;
  /** The section text in normal form (letters and digits, lower case). */
  body: string;
}

export const NarrativeTokenEntity = new EntitySchema<NarrativeTokenRow>({
  name: "NarrativeToken",
  tableName: "narrative_token",
  columns: {
    term: { type: "bigint", primary: true, transformer: { from: (v: unknown) => Number(v), to: (v: unknown) => v } },
    weight: { type: "integer", primary: true },
    reportId: { type: "integer", primary: true },
    section: { type: "integer", primary: true },
    year: { type: "integer" },
    kind: { type: "varchar", length: 12 },
    regionCode: { type: "varchar", length: 12, nullable: true },
    agencyKind: { type: "varchar", length: 20 },
  },
  indices: [{ columns: ["reportId", "term"] }],
  foreignKeys: [{ target: "Report", columnNames: ["reportId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
});

export function narrativeSectionEntity(types: ColumnTypes) {
  return new EntitySchema<NarrativeSectionRow>({
    name: "NarrativeSectionIndex",
    tableName: "narrative_section",
    columns: {
      reportId: { type: "integer", primary: true },
      section: { type: "integer", primary: true },
      kind: { type: "varchar", length: 12 },
      chars: { type: "integer" },
      body: { type: types.longText },
    },
    foreignKeys: [{ target: "Report", columnNames: ["reportId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
  });
}

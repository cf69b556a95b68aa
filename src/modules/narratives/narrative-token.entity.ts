import { EntitySchema } from "typeorm";
import type { ColumnTypes } from "../../db/column-types";

/**
 * The narrative search index, written only by store/narrative-index.ts in the import's transaction.
 *
 * narrative_token: one row per distinct character bigram (in normal form, see domain/narrative.ts)
 * of each narrative section of each current report; `term` packs the two code points into one
 * integer. It finds the candidate sections of a query.
 *
 * narrative_section: each non-empty section's normal form, kind and length. The candidates' terms
 * are checked and counted there in SQL (REPLACE/LENGTH, the same on SQLite and MySQL).
 */
export interface NarrativeTokenRow {
  term: number;
  reportId: number;
  /** Index of the section in the report's `sections`. */
  section: number;
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
    reportId: { type: "integer", primary: true },
    section: { type: "integer", primary: true },
  },
  indices: [{ columns: ["reportId"] }],
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

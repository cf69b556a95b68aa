import { EntitySchema } from "typeorm";

/**
 * The narrative search index: one row per distinct character bigram (in normal form, see
 * domain/narrative.ts) of each narrative section of each current report. `term` packs the two code
 * points into one integer. Written only by store/narrative-index.ts, in the import's transaction.
 */
export interface NarrativeTokenRow {
  term: number;
  reportId: number;
  /** Index of the section in the report's `sections`. */
  section: number;
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

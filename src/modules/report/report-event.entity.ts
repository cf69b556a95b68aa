import { EntitySchema } from "typeorm";

/**
 * What happened to an agency-year's reports, one row per event: `import` (first revision),
 * `revision` (a different input became current), `held` (stored but not made current: it looked
 * truncated), `forced` (a suspicious input made current on purpose), `correction` (cells corrected
 * by hand), `rename` (the agency is called by a new name from this year on), and `generation` (a generated data set completed; no report). Only store/ writes it.
 */
export type ReportEventKind = "import" | "revision" | "held" | "forced" | "correction" | "rename" | "generation";

export interface ReportEventRow {
  id: number;
  reportId: number | null;
  agencyId: number | null;
  year: number | null;
  revision: number | null;
  kind: ReportEventKind;
  /** Who: the CLI user, the API token's name, "generator". */
  actor: string;
  /** Why (a correction's reason, why a revision was held). */
  reason: string | null;
  /** What changed: a correction's cells with their values before and after. */
  detail: Record<string, unknown> | null;
  at: Date;
}

export const ReportEventEntity = new EntitySchema<ReportEventRow>({
  name: "ReportEvent",
  tableName: "report_event",
  columns: {
    id: { type: "integer", primary: true, generated: "increment" },
    reportId: { type: "integer", nullable: true },
    agencyId: { type: "integer", nullable: true },
    year: { type: "integer", nullable: true },
    revision: { type: "integer", nullable: true },
    kind: { type: "varchar", length: 16 },
    actor: { type: "varchar", length: 100 },
    reason: { type: "varchar", length: 1000, nullable: true },
    detail: { type: "json", nullable: true },
    at: { type: Date, createDate: true },
  },
  indices: [{ columns: ["agencyId", "year"] }, { columns: ["reportId"] }, { columns: ["kind"] }],
  foreignKeys: [{ target: "Report", columnNames: ["reportId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
});

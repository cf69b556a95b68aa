import { EntitySchema } from "typeorm";
import { bigintToNumber } from "../report/report.entity";
import type { Severity } from "../../domain/report-json";

/** A consistency-rule finding on a stored report (rules R1–R6, X1–X3, T1). */
export interface FindingRow {
  id: number;
  reportId: number;
  rule: string;
  severity: Severity;
  path: string | null;
  paths: string[];
  printed: number | null;
  computed: number | null;
  message: string;
}

export const FindingEntity = new EntitySchema<FindingRow>({
  name: "Finding",
  tableName: "finding",
  columns: {
    id: { type: "integer", primary: true, generated: "increment" },
    reportId: { type: "integer" },
    rule: { type: "varchar", length: 8 },
    severity: { type: "varchar", length: 8 },
    path: { type: "varchar", length: 120, nullable: true },
    paths: { type: "json" },
    printed: { type: "bigint", nullable: true, transformer: bigintToNumber },
    computed: { type: "bigint", nullable: true, transformer: bigintToNumber },
    message: { type: "varchar", length: 1000 },
  },
  indices: [{ columns: ["reportId"] }, { columns: ["rule", "severity"] }],
  foreignKeys: [{ target: "Report", columnNames: ["reportId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
});

import { EntitySchema, EntitySchemaColumnOptions } from "typeorm";
import { CELLS } from "../../domain/cells";
import type { Template } from "../../domain/cells";
import type { AmbiguousCell, NarrativeSection } from "../../domain/report-json";
import type { ColumnTypes } from "../../db/column-types";

/**
 * One revision of one agency's report for one year. A corrected republication is a new revision;
 * exactly one revision per agency-year has isCurrent = true, and statistics read only those.
 */
export interface ReportRow {
  id: number;
  agencyId: number;
  year: number;
  format: Template;
  isAggregate: boolean;
  revision: number;
  isCurrent: boolean;
  /** The agency's region at import time, copied here so region statistics filter one table. */
  regionCode: string | null;
  /** Agency name as printed in this report. */
  printedAgencyName: string;
  sourceUrl: string | null;
  publishedAt: string | null;
  fileName: string | null;
  contentType: string;
  checksum: string;
  parserVersion: string;
  importedAt: Date;
  importedBy: string;
  sections: NarrativeSection[];
  blankCells: string[];
  ambiguousCells: Record<string, AmbiguousCell>;
  /** Whether any section 三/四 cell was unreadable (null): sums that include this report are partial. */
  hasUnreadableCells: boolean;
  /** How many catalogue cells are null (unreadable or cleared): the review queue's order. */
  unreadableCount: number;
  /** `agencyId:year` on the current revision, null on the others; unique, so an agency-year has one current revision. */
  currentKey: string | null;
  /** Printed forms worth keeping (e.g. procurement.totalAmountRaw) and a legacy report's free keys. */
  extra: Record<string, unknown>;
}

/** The original input, verbatim (binary inputs as base64), apart from the hot report table. */
export interface ReportSourceRow {
  reportId: number;
  encoding: "utf8" | "base64";
  content: string;
}

/** One row per report, one nullable BIGINT column per catalogue cell (money in 分). */
export type { FiguresRow } from "../../domain/figures";
import type { FiguresRow } from "../../domain/figures";

export const ReportEntity = new EntitySchema<ReportRow>({
  name: "Report",
  tableName: "report",
  columns: {
    id: { type: "integer", primary: true, generated: "increment" },
    agencyId: { type: "integer" },
    year: { type: "integer" },
    format: { type: "varchar", length: 8 },
    isAggregate: { type: "boolean", default: false },
    revision: { type: "integer", default: 1 },
    isCurrent: { type: "boolean", default: true },
    regionCode: { type: "varchar", length: 12, nullable: true },
    printedAgencyName: { type: "varchar", length: 200 },
    sourceUrl: { type: "varchar", length: 1000, nullable: true },
    publishedAt: { type: "varchar", length: 10, nullable: true },
    fileName: { type: "varchar", length: 255, nullable: true },
    contentType: { type: "varchar", length: 160 },
    checksum: { type: "varchar", length: 64 },
    parserVersion: { type: "varchar", length: 20 },
    importedAt: { type: Date, createDate: true },
    importedBy: { type: "varchar", length: 100 },
    sections: { type: "json" },
    blankCells: { type: "json" },
    ambiguousCells: { type: "json" },
    extra: { type: "json" },
    hasUnreadableCells: { type: "boolean", default: false },
    currentKey: { type: "varchar", length: 24, nullable: true },
    unreadableCount: { type: "integer", default: 0 },
  },
  indices: [
    { columns: ["agencyId", "year", "revision"], unique: true },
    { columns: ["year", "isCurrent", "regionCode"] },
    // A region-year's aggregate (汇总) reports, without reading its other reports (migration 1796293000000).
    { name: "IDX_report_aggregates", columns: ["year", "isAggregate", "isCurrent", "regionCode"] },
    { columns: ["checksum"] },
    // An agency's current reports and their templates from the index alone (compareAgencies; migration 1796350000000).
    { name: "IDX_report_agency_years", columns: ["agencyId", "isCurrent", "year", "format"] },
    { columns: ["currentKey"], unique: true },
  ],
  foreignKeys: [{ target: "Agency", columnNames: ["agencyId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
});

export function reportSourceEntity(types: ColumnTypes) {
  return new EntitySchema<ReportSourceRow>({
    name: "ReportSource",
    tableName: "report_source",
    columns: {
      reportId: { type: "integer", primary: true },
      encoding: { type: "varchar", length: 8 },
      content: { type: types.longText },
    },
    foreignKeys: [{ target: "Report", columnNames: ["reportId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
  });
}

/** mysql2 returns BIGINT as a string; every stored figure fits a JS number (money is in 分). */
export const bigintToNumber = {
  from: (v: unknown) => (v == null ? null : Number(v)),
  to: (v: unknown) => v,
};

export const figureColumns: Record<string, EntitySchemaColumnOptions> = Object.fromEntries(
  CELLS.map((cell) => [cell.column, { type: "bigint", nullable: true, transformer: bigintToNumber }]),
);

export const FiguresEntity = new EntitySchema<FiguresRow>({
  name: "Figures",
  tableName: "report_figures",
  columns: { reportId: { type: "integer", primary: true }, ...figureColumns } as any,
  foreignKeys: [{ target: "Report", columnNames: ["reportId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
});

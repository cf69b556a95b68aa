import type { ReportRow } from "./report.entity";

/** Report columns the API reads (never the verbatim source), for query builders and loaders alike. */
export const REPORT_LIST_COLUMNS: Array<keyof ReportRow> = [
  "id", "agencyId", "year", "format", "isAggregate", "revision", "isCurrent", "regionCode", "printedAgencyName", "sourceUrl",
  "publishedAt", "fileName", "contentType", "checksum", "parserVersion", "importedAt", "importedBy", "sections", "blankCells",
  "ambiguousCells", "extra",
];

/** The same columns as a TypeORM `select`. */
export const REPORT_SELECT = Object.fromEntries(REPORT_LIST_COLUMNS.map((c) => [c, true])) as Record<keyof ReportRow, true>;

/**
 * Column types that differ by database. Entities and migrations both take them from here, so the
 * drift test compares like with like.
 */
import type { DbKind } from "../config";

export interface ColumnTypes {
  /** Verbatim report text (HTML pages run to hundreds of KB; MySQL `text` stops at 64 KB). */
  longText: "text" | "longtext";
}

export function columnTypes(kind: DbKind): ColumnTypes {
  return { longText: kind === "sqlite" ? "text" : "longtext" };
}

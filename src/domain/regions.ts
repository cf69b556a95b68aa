/**
 * GB/T 2260 region codes and the keys derived from them. The code is hierarchical: 2 digits of
 * province, 2 of prefecture, 2 of county (6 in all), and 6 more for a township. Every place that
 * selects "a region and everything below it" or keys the summary ledger goes through these functions.
 */

/** A GB/T 2260 code: 6 digits (province, prefecture, county) or 12 (township). */
export const REGION_CODE = /^\d{6}(\d{6})?$/;

export function isRegionCode(code: string): boolean {
  return REGION_CODE.test(code);
}

/** The prefix that selects a region and everything below it (for `LIKE prefix%`). */
export function regionPrefix(code: string): string {
  if (code.length > 6) return code;
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

/**
 * `own`: the agencies of exactly that region. The roll-ups — the region and everything below it — say
 * their level, so one level's rows are one index range: `prov` (key: 2-digit prefix), `pref`
 * (4-digit prefix), `cnty` (6-digit code), `town` (12-digit code).
 */
export type SummaryScope = "own" | "prov" | "pref" | "cnty" | "town";

export interface SummaryKey {
  scope: SummaryScope;
  regionKey: string;
}

export const ROLLUP_SCOPES: Record<"PROVINCE" | "PREFECTURE" | "COUNTY", SummaryScope> = { PROVINCE: "prov", PREFECTURE: "pref", COUNTY: "cnty" };

/**
 * The summary rows a report in `regionCode` counts in: its own region, and the roll-up of every
 * region it lies in. Each roll-up key is the `regionPrefix` of that region.
 */
export function summaryKeys(regionCode: string): SummaryKey[] {
  const keys: SummaryKey[] = [{ scope: "own", regionKey: regionCode }, { scope: "prov", regionKey: regionCode.slice(0, 2) }];
  if (regionCode.slice(2, 6) !== "0000") keys.push({ scope: "pref", regionKey: regionCode.slice(0, 4) });
  if (regionCode.length > 6 || regionCode.slice(4, 6) !== "00") keys.push({ scope: "cnty", regionKey: regionCode.slice(0, 6) });
  if (regionCode.length > 6) keys.push({ scope: "town", regionKey: regionCode });
  return keys;
}

/** The summary key to read for a region: its roll-up, or only its own agencies. */
export function keyFor(regionCode: string, includeSubregions: boolean): SummaryKey {
  if (!includeSubregions) return { scope: "own", regionKey: regionCode };
  if (regionCode.length > 6) return { scope: "town", regionKey: regionCode };
  if (regionCode.endsWith("0000")) return { scope: "prov", regionKey: regionCode.slice(0, 2) };
  if (regionCode.endsWith("00")) return { scope: "pref", regionKey: regionCode.slice(0, 4) };
  return { scope: "cnty", regionKey: regionCode };
}

/**
 * The same keys as SQL expressions over a region-code column, for rebuilding the ledger in one
 * statement per level; each yields NULL where the level does not apply (as `summaryKeys` omits it).
 */
export function summaryKeySql(column: string): Array<[SummaryScope, string]> {
  return [
    ["own", column],
    ["prov", `SUBSTR(${column}, 1, 2)`],
    ["pref", `CASE WHEN SUBSTR(${column}, 3, 4) <> '0000' THEN SUBSTR(${column}, 1, 4) END`],
    ["cnty", `CASE WHEN LENGTH(${column}) > 6 OR SUBSTR(${column}, 5, 2) <> '00' THEN SUBSTR(${column}, 1, 6) END`],
    ["town", `CASE WHEN LENGTH(${column}) > 6 THEN ${column} END`],
  ];
}

/**
 * Resolves an agency's region from its name through the GB/T 2260 table: the longest chain of
 * division names (full, or without their 省/市/县/区 suffix) that the name starts with, read
 * province → prefecture → county. A name that fits several divisions equally resolves to none.
 */
import { nationalRegionTable } from "../../modules/region/region.service";
import type { RegionRow } from "../../modules/region/region.entity";
import { PARTY_PREFIX, REGION_NAME_SUFFIX } from "../../domain/lexicon";

interface Index {
  byCode: Map<string, RegionRow>;
  entries: Array<{ key: string; row: RegionRow }>;
}

let index: Index | null = null;

function short(name: string): string | null {
  const m = REGION_NAME_SUFFIX.exec(name);
  return m && m[1].length >= 2 ? m[1] : null;
}

function build(): Index {
  const rows = nationalRegionTable();
  const entries: Index["entries"] = [];
  for (const row of rows) {
    entries.push({ key: row.name, row });
    const s = short(row.name);
    if (s && s !== row.name) entries.push({ key: s, row });
  }
  entries.sort((a, b) => b.key.length - a.key.length);
  return { byCode: new Map(rows.map((r) => [r.code, r])), entries };
}

function isBelow(row: RegionRow, ancestor: RegionRow, byCode: Map<string, RegionRow>): boolean {
  let cur: RegionRow | undefined = row;
  while (cur?.parentCode) {
    if (cur.parentCode === ancestor.code) return true;
    cur = byCode.get(cur.parentCode);
  }
  return false;
}

export function resolveRegion(agencyName: string): RegionRow | null {
  index ??= build();
  const { byCode, entries } = index;
  let rest = agencyName.replace(PARTY_PREFIX, "");
  let current: RegionRow | null = null;
  for (let depth = 0; depth < 3 && rest.length > 1; depth++) {
    const matches = entries.filter((e) => rest.startsWith(e.key) && (!current || isBelow(e.row, current, byCode)));
    if (!matches.length) break;
    const best = matches[0].key.length;
    const top = matches.filter((m) => m.key.length === best);
    const distinct = [...new Map(top.map((m) => [m.row.code, m.row])).values()];
    if (distinct.length !== 1) {
      // Prefer the higher level when a name is both (e.g. a city and its same-named district).
      const levels = ["province", "prefecture", "county"];
      distinct.sort((a, b) => levels.indexOf(a.level) - levels.indexOf(b.level));
      if (distinct[0].level === distinct[1].level) break;
    }
    current = distinct[0];
    rest = rest.slice(best);
  }
  return current;
}

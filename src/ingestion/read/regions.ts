/**
 * Resolves an agency's region from its name through the GB/T 2260 table: the longest chain of
 * division names (full, or without their 省/市/县/区 suffix) that the name starts with, read
 * province → prefecture → county. A name that fits several divisions equally resolves to none.
 */
import { nationalRegionTable } from "../../modules/region/region.service";
import type { RegionRow } from "../../modules/region/region.entity";
import { PARTY_PREFIX, REGION_NAME_SUFFIX } from "../../domain/lexicon";

interface Entry {
  key: string;
  row: RegionRow;
}

interface Index {
  byCode: Map<string, RegionRow>;
  /** The entries by their key's first character, longest key first (a name can only start with a key that starts with its own first character). */
  byFirst: Map<string, Entry[]>;
  /** Entries with an empty key (none in the table; kept so that the lookup means exactly "every entry the name starts with"). */
  empty: Entry[];
}

let index: Index | null = null;

function short(name: string): string | null {
  const m = REGION_NAME_SUFFIX.exec(name);
  return m && m[1].length >= 2 ? m[1] : null;
}

function build(): Index {
  const rows = nationalRegionTable();
  const entries: Entry[] = [];
  for (const row of rows) {
    entries.push({ key: row.name, row });
    const s = short(row.name);
    if (s && s !== row.name) entries.push({ key: s, row });
  }
  entries.sort((a, b) => b.key.length - a.key.length);
  const byFirst = new Map<string, Entry[]>();
  for (const e of entries) if (e.key) (byFirst.get(e.key[0]) ?? byFirst.set(e.key[0], []).get(e.key[0])!).push(e);
  return { byCode: new Map(rows.map((r) => [r.code, r])), byFirst, empty: entries.filter((e) => !e.key) };
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
  const { byCode, byFirst, empty } = index;
  let rest = agencyName.replace(PARTY_PREFIX, "");
  let current: RegionRow | null = null;
  for (let depth = 0; depth < 3 && rest.length > 1; depth++) {
    const candidates = [...(byFirst.get(rest[0]) ?? []), ...empty];
    const matches = candidates.filter((e) => rest.startsWith(e.key) && (!current || isBelow(e.row, current, byCode)));
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

/**
 * Metadata beside a report file, as crawlers save it: `<name>.meta.json` next to `<name>.html`
 * (or `<name>.html.meta.json` for one rendering only) says what the page itself may not print
 * — the agency, the report year, the region, the page's address and its publication date.
 * The CLI (`parse`, `import`) and the start-up demo loader read it here; command-line flags override it.
 */
import fs from "node:fs";
import path from "node:path";
import { isRegionCode } from "../domain/regions";

export interface ReportMeta {
  agency?: string;
  year?: number;
  regionCode?: string;
  source?: string;
  publishedAt?: string;
}

export class MetaError extends Error {}

/** Files that travel with a report and are never reports themselves. */
const SIDECAR = /\.(meta|expected)\.json$/i;

export function isSidecar(file: string): boolean {
  return SIDECAR.test(path.basename(file));
}

/** `<dir>/report.html.meta.json` (this rendering only), then `<dir>/report.meta.json` (every rendering of `report`). */
export function metaCandidates(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const stem = base.replace(/\.[^.]+$/, "");
  return [path.join(dir, `${base}.meta.json`), ...(stem && stem !== base ? [path.join(dir, `${stem}.meta.json`)] : [])];
}

/** Accepted spellings of each field (crawlers differ); the first is the canonical name. */
const FIELDS: Record<keyof ReportMeta, string[]> = {
  agency: ["agency"],
  year: ["year"],
  regionCode: ["regionCode", "region"],
  source: ["source", "url"],
  publishedAt: ["publishedAt", "date"],
};

/** `YYYY-MM-DD` of a real calendar day (an ISO date-time keeps its printed date), else null. */
export function calendarDay(text: string): string | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(text);
  if (!day) return null;
  const date = new Date(Date.UTC(+day[1], +day[2] - 1, +day[3]));
  return date.getUTCMonth() === +day[2] - 1 && date.getUTCDate() === +day[3] ? `${day[1]}-${day[2]}-${day[3]}` : null;
}

/** Validates one metadata object; unknown keys (a crawler's title, fetch time …) are ignored. */
export function parseMeta(text: string, metaFile: string): ReportMeta {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new MetaError(`${metaFile}: not valid JSON (${(e as Error).message})`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new MetaError(`${metaFile}: expected one JSON object`);
  const raw = data as Record<string, unknown>;
  const pick = (field: keyof ReportMeta): unknown => {
    const key = FIELDS[field].find((k) => raw[k] !== undefined && raw[k] !== null && raw[k] !== "");
    return key === undefined ? undefined : raw[key];
  };
  const bad = (field: string, want: string, got: unknown) => new MetaError(`${metaFile}: "${field}" must be ${want}, got ${JSON.stringify(got)}`);
  const meta: ReportMeta = {};
  const agency = pick("agency");
  if (agency !== undefined) {
    if (typeof agency !== "string" || !agency.trim()) throw bad("agency", "the agency's name", agency);
    meta.agency = agency.trim();
  }
  const year = pick("year");
  if (year !== undefined) {
    if (!/^\d{4}$/.test(String(year)) || (typeof year !== "number" && typeof year !== "string")) throw bad("year", "a four-digit year", year);
    meta.year = Number(year);
  }
  const region = pick("regionCode");
  if (region !== undefined) {
    if (typeof region !== "string" || !isRegionCode(region)) throw bad("regionCode", "a GB/T 2260 code (6 or 12 digits, as a string)", region);
    meta.regionCode = region;
  }
  const source = pick("source");
  if (source !== undefined) {
    if (typeof source !== "string" || !/^https?:\/\/\S+$/i.test(source)) throw bad("source", "an http(s) URL", source);
    meta.source = source;
  }
  const published = pick("publishedAt");
  if (published !== undefined) {
    const day = typeof published === "string" ? calendarDay(published) : null;
    if (!day) throw bad("publishedAt", "a date YYYY-MM-DD", published);
    meta.publishedAt = day;
  }
  return meta;
}

/** The metadata beside `file` and where it came from; `{}` when there is none. Throws MetaError when it is unreadable. */
export function readMetaFor(file: string): { meta: ReportMeta; metaFile: string | null } {
  for (const candidate of metaCandidates(file)) {
    let text: string;
    try {
      text = fs.readFileSync(candidate, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new MetaError(`${candidate}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return { meta: parseMeta(text, candidate), metaFile: candidate };
  }
  return { meta: {}, metaFile: null };
}

/** Later layers win field by field (metadata file, then command-line flags); unset fields do not erase. */
export function mergeMeta(...layers: ReportMeta[]): ReportMeta {
  const out: ReportMeta = {};
  for (const layer of layers) {
    for (const key of Object.keys(FIELDS) as Array<keyof ReportMeta>) {
      if (layer[key] !== undefined && layer[key] !== null) (out as Record<string, unknown>)[key] = layer[key];
    }
  }
  return out;
}

/**
 * The only code that writes agencies and their names: find-or-create for an import, rename and
 * registration corrections for the admin mutations, and batched inserts for generated provinces.
 */
import { DataSource, EntityManager, IsNull } from "typeorm";
import { AgencyEntity, AgencyKind, AgencyNameEntity, AgencyRow } from "../modules/agency/agency.entity";
import { ReportEntity } from "../modules/report/report.entity";
import { SummaryLedger } from "./summary-ledger";
import { agencyNameKey } from "./keys";
import { insertRows, storedDate } from "./sql";
import { recordEvents } from "./events";
import { bumpDataVersion, refreshReadModel } from "./metric-index";
import { refreshNarrativeFilters } from "./narrative-index";
import { refreshCoverage } from "./coverage-index";

/** Guesses an agency's kind from its name (used when a report does not say). */
export function kindFromName(name: string): AgencyKind {
  if (/(办公厅|办公室)$/.test(name) && /(人民政府|管委会|管理委员会)/.test(name)) return "GENERAL_OFFICE";
  if (/人民政府$/.test(name)) return /(乡|镇)人民政府$/.test(name) ? "TOWNSHIP" : "GOVERNMENT";
  if (/(街道办事处|街道)$/.test(name)) return "TOWNSHIP";
  if (/(局|委员会|委|办公室|办|厅|中心|署)$/.test(name)) return "DEPARTMENT";
  return "OTHER";
}

/**
 * Finds the agency a report belongs to by its printed name (current or former) or its key, in its
 * region when known; creates it when absent. A new name for a known agency is recorded by
 * `renameAgency`. Two writers creating the same agency at once collide on the unique `nameKey`:
 * the loser's transaction fails and is run again (store/keys.ts `retryTransient`), and then finds
 * the winner's row.
 */
export async function findOrCreateAgency(em: EntityManager, name: string, regionCode: string | null, year: number | null): Promise<AgencyRow> {
  const found = await findAgency(em, name, regionCode);
  if (found) return found;
  const nameKey = agencyNameKey(regionCode, name);
  const created = await em.getRepository(AgencyEntity).save({ name, regionCode, kind: kindFromName(name), parentId: null, nameKey });
  await em.getRepository(AgencyNameEntity).insert({ agencyId: created.id, name, fromYear: year, toYear: null });
  return created;
}

/**
 * New agencies, in one INSERT in the order given (their ids follow that order, as one `findOrCreateAgency`
 * after another would number them), and their names in another; returns them in that order. The
 * caller has made sure that no stored agency and none earlier in the list is the agency of any of
 * them (batch-writer.ts: the stored ones looked up, the list's own told apart by `collationFold`);
 * two writers creating the same agency at once collide on the unique `nameKey`, as in `findOrCreateAgency`.
 */
export async function createAgencies(em: EntityManager, wanted: ReadonlyArray<{ name: string; regionCode: string | null; year: number | null }>): Promise<AgencyRow[]> {
  if (!wanted.length) return [];
  const rows = wanted.map(({ name, regionCode }) => ({ name, regionCode, kind: kindFromName(name), parentId: null, nameKey: agencyNameKey(regionCode, name) }));
  await insertRows(em, "agency", rows);
  const created: AgencyRow[] = [];
  for (let i = 0; i < rows.length; i += LOOKUPS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + LOOKUPS_PER_STATEMENT);
    // Told apart by position, as in findAgencies: the key that comes back may not be the text sent.
    const found: Array<Record<string, unknown>> = await em.query(
      `SELECT a.id, a.createdAt, p.k FROM (${chunk.map((_, k) => `SELECT ? AS q, ${k} AS k`).join(" UNION ALL ")}) p JOIN agency a ON a.nameKey = p.q`,
      chunk.map((r) => r.nameKey));
    const byPosition = new Map(found.map((f) => [Number(f.k), f]));
    if (found.length !== chunk.length || byPosition.size !== chunk.length) throw new Error(`${chunk.length} agencies were inserted but ${found.length} came back by their keys`);
    chunk.forEach((r, k) => {
      const f = byPosition.get(k)!;
      created.push({ ...r, id: Number(f.id), createdAt: storedDate(f.createdAt) });
    });
  }
  await insertRows(em, "agency_name", created.map((a, k) => ({ agencyId: a.id, name: a.name, fromYear: wanted[k].year, toYear: null })));
  return created;
}

/**
 * Whether any agency is known by a name other than its current one (a rename, or a corrected name):
 * only then can two different names stand for one agency in `findAgency`. Every agency's own name is
 * in agency_name too; those rows do not count.
 */
export async function hasAliases(em: Pick<EntityManager, "query">): Promise<boolean> {
  const rows: unknown[] = await em.query("SELECT 1 AS x FROM agency_name n JOIN agency a ON a.id = n.agencyId WHERE n.name <> a.name LIMIT 1");
  return rows.length > 0;
}

/**
 * The agency a printed name (current or former) or its key stands for, in its region when known; null when none is stored.
 * One plain statement: the candidates are three index lookups (key, current name, former names),
 * each marked by how it matched, and the region condition — a name match counts in the report's
 * region or for an agency without one; a key match always — is applied to those few rows here, the
 * smallest id first. (The same condition as SQL on the joined rows, an OR over an IN subquery, took
 * MariaDB 258–335 µs of server time a lookup, 10% of an import's statement time; round trip included,
 * 0.22–0.33 ms against 0.14–0.17 here.)
 */
export async function findAgency(em: Pick<EntityManager, "query">, name: string, regionCode: string | null): Promise<AgencyRow | null> {
  return (await findAgencies(em, [{ name, regionCode }]))[0];
}

/** Printed names (and regions) looked up together, at most this many in one statement. */
const LOOKUPS_PER_STATEMENT = 200;

/**
 * `findAgency` of each name and region, in one statement per 200 of them (a batch of imported
 * reports looks its agencies up in one round trip instead of one each): the same three index
 * lookups, each joined to the list of values asked and returning the position of the value it
 * matched — matched as the database compares (MariaDB's collation, SQLite's bytes), and told apart by
 * position, not by the text that comes back (a name with a lone surrogate comes back as U+FFFD) —
 * and the region rule applied here.
 */
export async function findAgencies(em: Pick<EntityManager, "query">, lookups: ReadonlyArray<{ name: string; regionCode: string | null }>): Promise<Array<AgencyRow | null>> {
  const out: Array<AgencyRow | null> = [];
  for (let i = 0; i < lookups.length; i += LOOKUPS_PER_STATEMENT) {
    const chunk = lookups.slice(i, i + LOOKUPS_PER_STATEMENT);
    const keys = [...new Set(chunk.map((l) => agencyNameKey(l.regionCode, l.name)))];
    const names = [...new Set(chunk.map((l) => l.name))];
    const keyAt = new Map(keys.map((k, i) => [k, i]));
    const nameAt = new Map(names.map((n, i) => [n, i]));
    // Each value with its position (a literal: the statement's text depends only on the counts).
    const values = (n: number) => Array.from({ length: n }, (_, i) => `SELECT ? AS q, ${i} AS k`).join(" UNION ALL ");
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT a.id, a.name, a.regionCode, a.kind, a.parentId, a.nameKey, a.createdAt, c.byKey, c.k FROM (
         SELECT a.id AS id, 1 AS byKey, p.k AS k FROM (${values(keys.length)}) p JOIN agency a ON a.nameKey = p.q
         UNION ALL SELECT a.id AS id, 0 AS byKey, p.k AS k FROM (${values(names.length)}) p JOIN agency a ON a.name = p.q
         UNION ALL SELECT n.agencyId AS id, 0 AS byKey, p.k AS k FROM (${values(names.length)}) p JOIN agency_name n ON n.name = p.q) c
       JOIN agency a ON a.id = c.id`,
      [...keys, ...names, ...names],
    );
    for (const { name, regionCode } of chunk) {
      const nameKey = agencyNameKey(regionCode, name);
      let r: Record<string, unknown> | undefined;
      for (const row of rows) {
        const byKey = Number(row.byKey) === 1;
        if (Number(row.k) !== (byKey ? keyAt.get(nameKey) : nameAt.get(name))) continue;
        const inRegion = byKey || !regionCode || row.regionCode == null || String(row.regionCode) === regionCode;
        if (inRegion && (!r || Number(row.id) < Number(r.id))) r = row;
      }
      out.push(r ? {
        id: Number(r.id), name: String(r.name), regionCode: r.regionCode == null ? null : String(r.regionCode), kind: r.kind as AgencyKind,
        parentId: r.parentId == null ? null : Number(r.parentId), nameKey: String(r.nameKey), createdAt: storedDate(r.createdAt),
      } : null);
    }
  }
  return out;
}

/** Another agency of the same region already carries the name (agency names are unique within a region). */
export class AgencyNameTaken extends Error {
  constructor(readonly name: string, readonly agencyId: number) {
    super(`agency ${agencyId} of the same region is already called ${name}`);
  }
}

/**
 * Records that `agencyId` is called `newName` from `fromYear` on; its history stays one line. The
 * current name's period ends the year before; reports keep the name they printed.
 */
export async function renameAgency(ds: DataSource, agencyId: number, newName: string, fromYear: number, actor = "admin"): Promise<AgencyRow | null> {
  return ds.transaction(async (em) => {
    const agencies = em.getRepository(AgencyEntity);
    const agency = await agencies.findOneBy({ id: agencyId });
    if (!agency) return null;
    const names = em.getRepository(AgencyNameEntity);
    const open = await names.findOneBy({ agencyId, toYear: IsNull() });
    if (open && open.name === newName) return agency;
    const nameKey = agencyNameKey(agency.regionCode, newName);
    const taken = await agencies.findOneBy({ nameKey });
    if (taken && taken.id !== agencyId) throw new AgencyNameTaken(newName, taken.id);
    if (open) await names.update(open.id, { toYear: fromYear - 1 });
    await names.insert({ agencyId, name: newName, fromYear, toYear: null });
    await agencies.update(agencyId, { name: newName, nameKey });
    // In the history of the agency-year the new name starts with.
    await bumpDataVersion(em);
    await recordEvents(em, [{ reportId: null, agencyId, year: fromYear, revision: null, kind: "rename", actor, reason: `${agency.name} → ${newName} from ${fromYear}` }]);
    return { ...agency, name: newName };
  });
}

/** Corrects an agency's kind, region or parent, moving its current reports' summary contributions. */
export async function updateAgency(ds: DataSource, agencyId: number, patch: { kind?: AgencyKind; regionCode?: string; parentId?: number }): Promise<AgencyRow | null> {
  const agencies = ds.getRepository(AgencyEntity);
  const agency = await agencies.findOneBy({ id: agencyId });
  if (!agency) return null;
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (!Object.keys(changes).length) return agency;
  await ds.transaction(async (em) => {
    // The agency's kind and region are summary keys: move its current reports' contributions.
    const ledger = new SummaryLedger(em);
    const current = await em.getRepository(ReportEntity).find({ select: { id: true }, where: { agencyId, isCurrent: true } });
    const contributions = [];
    for (const r of current) {
      const c = await ledger.contributionOf(r.id);
      if (c) {
        await ledger.add(c, -1);
        contributions.push(c);
      }
    }
    const nameKey = patch.regionCode !== undefined ? { nameKey: agencyNameKey(patch.regionCode, agency.name) } : {};
    await em.getRepository(AgencyEntity).update(agencyId, { ...changes, ...nameKey });
    if (patch.regionCode !== undefined) await em.getRepository(ReportEntity).update({ agencyId }, { regionCode: patch.regionCode });
    if (patch.kind !== undefined || patch.regionCode !== undefined) await refreshNarrativeFilters(em, agencyId);
    for (const c of contributions) {
      await ledger.add({ ...c, regionCode: patch.regionCode ?? c.regionCode, agencyKind: patch.kind ?? c.agencyKind }, 1);
    }
    await refreshReadModel(em, [{ agencyId }]);
  });
  return { ...agency, ...changes };
}

/** Agencies with ids chosen by the caller (a generated province), each with its one name, in one transaction. */
export async function insertAgencies(em: EntityManager, rows: Array<Pick<AgencyRow, "id" | "name" | "kind" | "regionCode" | "parentId">>): Promise<void> {
  if (!rows.length) return;
  await em.getRepository(AgencyEntity).insert(rows.map((a) => ({ ...a, nameKey: agencyNameKey(a.regionCode, a.name) })));
  await em.getRepository(AgencyNameEntity).insert(rows.map((a) => ({ agencyId: a.id, name: a.name, fromYear: null, toYear: null })));
  // Registered agencies are in their region's coverage lists (unreported) until they report.
  await refreshCoverage(em, rows.map((a) => ({ agencyId: a.id })));
  await bumpDataVersion(em);
}

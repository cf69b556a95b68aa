import { regionPrefix } from "../../domain/regions";
import { DataSource, EntityManager, IsNull } from "typeorm";
import { AgencyEntity, AgencyKind, AgencyNameEntity, AgencyRow } from "./agency.entity";
import { ReportEntity } from "../report/report.entity";
import { SummaryService } from "../statistics/summary.service";

export interface AgencyQuery {
  name?: string;
  regionCode?: string;
  kind?: AgencyKind;
}

/** Escapes LIKE wildcards in user input, with `!` as the escape character (a backslash means different things in MySQL and SQLite string literals). */
export function likeEscape(s: string): string {
  return s.replace(/[!%_]/g, (c) => "!" + c);
}

/** Guesses an agency's kind from its name (used when a report does not say). */
export function kindFromName(name: string): AgencyKind {
  if (/(办公厅|办公室)$/.test(name) && /(人民政府|管委会|管理委员会)/.test(name)) return "GENERAL_OFFICE";
  if (/人民政府$/.test(name)) return /(乡|镇)人民政府$/.test(name) ? "TOWNSHIP" : "GOVERNMENT";
  if (/(街道办事处|街道)$/.test(name)) return "TOWNSHIP";
  if (/(局|委员会|委|办公室|办|厅|中心|署)$/.test(name)) return "DEPARTMENT";
  return "OTHER";
}

export class AgencyService {
  constructor(private readonly ds: DataSource) {}

  /** One page of agencies ordered by id, plus the total count, in two statements. */
  async page(q: AgencyQuery, first: number, afterId: number | null): Promise<{ rows: AgencyRow[]; totalCount: number }> {
    const base = () => {
      const qb = this.ds.getRepository(AgencyEntity).createQueryBuilder("a");
      if (q.name) {
        qb.andWhere(
          "(a.name LIKE :name ESCAPE '!' OR a.id IN (SELECT n.agencyId FROM agency_name n WHERE n.name LIKE :name ESCAPE '!'))",
          { name: `%${likeEscape(q.name)}%` },
        );
      }
      if (q.regionCode) qb.andWhere("a.regionCode LIKE :region", { region: `${regionPrefix(q.regionCode)}%` });
      if (q.kind) qb.andWhere("a.kind = :kind", { kind: q.kind });
      return qb;
    };
    const pageQb = base().orderBy("a.id", "ASC").limit(first + 1);
    if (afterId != null) pageQb.andWhere("a.id > :after", { after: afterId });
    const [rows, totalCount] = await Promise.all([pageQb.getMany(), base().getCount()]);
    return { rows, totalCount };
  }

  /**
   * Finds the agency a report belongs to by its printed name (current or former), in its region when
   * known; creates it when absent. A new name for a known agency is recorded by `rename`.
   */
  async findOrCreate(em: EntityManager, name: string, regionCode: string | null, year: number | null): Promise<AgencyRow> {
    const params: Record<string, unknown> = { name };
    let regionClause = "";
    if (regionCode) {
      regionClause = " AND (a.regionCode = :region OR a.regionCode IS NULL)";
      params.region = regionCode;
    }
    const found = await em.getRepository(AgencyEntity).createQueryBuilder("a")
      .where(`(a.name = :name OR a.id IN (SELECT n.agencyId FROM agency_name n WHERE n.name = :name))${regionClause}`, params)
      .orderBy("a.id", "ASC").getOne();
    if (found) return found;
    const created = await em.getRepository(AgencyEntity).save({ name, regionCode, kind: kindFromName(name), parentId: null });
    await em.getRepository(AgencyNameEntity).insert({ agencyId: created.id, name, fromYear: year, toYear: null });
    return created;
  }

  /**
   * Records that `agencyId` is called `newName` from `fromYear` on; its history stays one line. The
   * current name's period ends the year before; reports keep the name they printed.
   */
  async rename(agencyId: number, newName: string, fromYear: number): Promise<AgencyRow | null> {
    return this.ds.transaction(async (em) => {
      const agencies = em.getRepository(AgencyEntity);
      const agency = await agencies.findOneBy({ id: agencyId });
      if (!agency) return null;
      const names = em.getRepository(AgencyNameEntity);
      const open = await names.findOneBy({ agencyId, toYear: IsNull() });
      if (open && open.name === newName) return agency;
      if (open) await names.update(open.id, { toYear: fromYear - 1 });
      await names.insert({ agencyId, name: newName, fromYear, toYear: null });
      await agencies.update(agencyId, { name: newName });
      return { ...agency, name: newName };
    });
  }

  async update(agencyId: number, patch: { kind?: AgencyKind; regionCode?: string; parentId?: number }): Promise<AgencyRow | null> {
    const agencies = this.ds.getRepository(AgencyEntity);
    const agency = await agencies.findOneBy({ id: agencyId });
    if (!agency) return null;
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (!Object.keys(changes).length) return agency;
    await this.ds.transaction(async (em) => {
      // The agency's kind and region are summary keys: move its current reports' contributions.
      const summaries = new SummaryService(em);
      const current = await em.getRepository(ReportEntity).find({ select: { id: true }, where: { agencyId, isCurrent: true } });
      const contributions = [];
      for (const r of current) {
        const c = await summaries.contributionOf(r.id);
        if (c) {
          await summaries.add(c, -1);
          contributions.push(c);
        }
      }
      await em.getRepository(AgencyEntity).update(agencyId, changes);
      if (patch.regionCode !== undefined) await em.getRepository(ReportEntity).update({ agencyId }, { regionCode: patch.regionCode });
      for (const c of contributions) {
        await summaries.add({ ...c, regionCode: patch.regionCode ?? c.regionCode, agencyKind: patch.kind ?? c.agencyKind }, 1);
      }
    });
    return { ...agency, ...changes };
  }
}

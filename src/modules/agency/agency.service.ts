import { regionPrefix } from "../../domain/regions";
import { DataSource } from "typeorm";
import { AgencyEntity, AgencyKind, AgencyRow } from "./agency.entity";

export interface AgencyQuery {
  name?: string;
  regionCode?: string;
  kind?: AgencyKind;
}

/** Escapes LIKE wildcards in user input, with `!` as the escape character (a backslash means different things in MySQL and SQLite string literals). */
export function likeEscape(s: string): string {
  return s.replace(/[!%_]/g, (c) => "!" + c);
}

/** Reads agencies. Writes (find-or-create, rename, update) are in store/agency-writer.ts. */
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
}

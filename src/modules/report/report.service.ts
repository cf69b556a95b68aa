import { regionPrefix } from "../../domain/regions";
import { DataSource } from "typeorm";
import { ReportEntity, ReportRow } from "./report.entity";
import { REPORT_LIST_COLUMNS, REPORT_SELECT } from "./report.columns";

export interface ReportQuery {
  year?: number;
  regionCode?: string;
  agencyId?: number;
  format?: string;
  isAggregate?: boolean;
  includeRevisions?: boolean;
}

export class ReportService {
  constructor(private readonly ds: DataSource) {}

  async page(q: ReportQuery, first: number, afterId: number | null): Promise<{ rows: ReportRow[]; totalCount: number }> {
    const base = () => {
      const qb = this.ds.getRepository(ReportEntity).createQueryBuilder("r");
      if (!q.includeRevisions) qb.andWhere("r.isCurrent = :cur", { cur: true });
      if (q.year != null) qb.andWhere("r.year = :year", { year: q.year });
      if (q.regionCode) qb.andWhere("r.regionCode LIKE :region", { region: `${regionPrefix(q.regionCode)}%` });
      if (q.agencyId != null) qb.andWhere("r.agencyId = :agencyId", { agencyId: Number(q.agencyId) });
      if (q.format) qb.andWhere("r.format = :format", { format: q.format });
      if (q.isAggregate != null) qb.andWhere("r.isAggregate = :agg", { agg: q.isAggregate });
      return qb;
    };
    const pageQb = base().select(REPORT_LIST_COLUMNS.map((c) => `r.${c}`)).orderBy("r.id", "ASC").limit(first + 1);
    if (afterId != null) pageQb.andWhere("r.id > :after", { after: afterId });
    const [rows, totalCount] = await Promise.all([pageQb.getMany(), base().getCount()]);
    return { rows, totalCount };
  }

  byId(id: number): Promise<ReportRow | null> {
    return this.ds.getRepository(ReportEntity).findOne({ select: REPORT_SELECT, where: { id } });
  }
}

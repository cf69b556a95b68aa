import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Context } from "../../graphql/context";
import { Report } from "./report.type";
import { ReportEvent } from "./history.type";

type Key = `${number}:${number}`;

/** Events of many agency-years in one statement per request (a page of reports asks for each one's history). */
function historyLoader(ds: DataSource) {
  return new DataLoader<Key, ReportEvent[]>(async (keys) => {
    const pairs = keys.map((k) => k.split(":").map(Number));
    const rows: any[] = await ds.query(
      `SELECT id, reportId, agencyId, year, revision, kind, actor, reason, detail, at FROM report_event WHERE ${pairs.map(() => "(agencyId = ? AND year = ?)").join(" OR ")} ORDER BY id`,
      pairs.flat(),
    );
    const byKey = new Map<string, ReportEvent[]>();
    for (const r of rows) {
      const detail = typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail;
      const event = Object.assign(new ReportEvent(), {
        id: Number(r.id), kind: r.kind, reportId: r.reportId == null ? null : Number(r.reportId), revision: r.revision == null ? null : Number(r.revision),
        actor: r.actor, reason: r.reason, at: r.at instanceof Date ? r.at : new Date(`${String(r.at).replace(" ", "T")}Z`), changes: detail?.cells ?? [],
      });
      const key = `${Number(r.agencyId)}:${Number(r.year)}`;
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    return keys.map((k) => byKey.get(k) ?? []);
  }, { maxBatchSize: 200 });
}

const loaders = new WeakMap<object, ReturnType<typeof historyLoader>>();

@Resolver(() => Report)
export class ReportHistoryResolver {
  @FieldResolver(() => [ReportEvent], { description: "历史 — every import, revision, hold and correction of this agency-year's report, oldest first, with who, when and why." })
  history(@Root() report: Report, @Ctx() ctx: Context): Promise<ReportEvent[]> {
    let loader = loaders.get(ctx);
    if (!loader) loaders.set(ctx, (loader = historyLoader(ctx.ds)));
    return loader.load(`${report.agencyId}:${report.year}`);
  }
}

import { FieldResolver, Resolver, Root } from "type-graphql";
import { Report } from "./report.type";
import { Downloads, downloadPaths } from "./downloads.type";

@Resolver(() => Report)
export class ReportDownloadsResolver {
  @FieldResolver(() => Downloads, { description: "下载 — this revision in the official layout (/export/report/ID.html|xlsx|csv|docx)." })
  downloads(@Root() report: { id: number | string }): Downloads {
    return downloadPaths(`/export/report/${Number(report.id)}`);
  }
}

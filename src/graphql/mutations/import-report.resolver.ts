import { Arg, createUnionType, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { requireRole } from "../security/roles";
import { MaxLength } from "class-validator";
import type { Context } from "../context";
import { Report } from "../../modules/report/report.type";
import { ImportService } from "../../ingestion/import.service";
import { parseInSandbox } from "../../ingestion/sandbox";

@InputType({ description: "A published report to import (HTML page, text, .docx or PDF), or canonical report JSON." })
export class ImportReportInput {
  @Field({ description: "The file's content: text as is, or base64 when `base64` is true (for .docx and PDF)." })
  @MaxLength(20_000_000)
  content: string;
  @Field({ defaultValue: false, description: "Whether `content` is base64-encoded bytes." }) base64: boolean;
  @Field(() => String, { nullable: true, description: "MIME type, e.g. text/html, text/plain, application/pdf, application/json." }) contentType?: string;
  @Field(() => String, { nullable: true, description: "File name; its extension helps detect the kind of input." }) fileName?: string;
  @Field(() => String, { nullable: true, description: "发布机关 — agency name, when the text lacks its title." }) agency?: string;
  @Field(() => String, { nullable: true, description: "行政区划代码 — GB/T 2260 code of the agency's region, when it cannot be read from the name." }) regionCode?: string;
  @Field(() => Int, { nullable: true, description: "报告年度 — report year, when the text lacks its title." }) year?: number;
  @Field(() => String, { nullable: true, description: "来源 — where the report was published (URL)." }) source?: string;
  @Field({ defaultValue: false, description: "Make this input the current revision even when it looks like a damaged copy of the current one (otherwise it is stored with status held)." }) force: boolean;
}

@ObjectType({ description: "A problem found while reading a report." })
export class ImportDiagnostic {
  @Field({ description: "Rule id (R1–R6, T1) or PARSE / AMBIGUOUS." }) rule: string;
  @Field({ description: "error, warning or info." }) severity: string;
  @Field(() => String, { nullable: true, description: "Cell path." }) path?: string | null;
  @Field({ description: "Explanation." }) message: string;
}

@ObjectType({ description: "The report was stored (or was already stored unchanged)." })
export class ImportSucceeded {
  @Field({ description: "imported (new), revised (a new revision of an agency-year), unchanged (same input again) or held (stored as a revision but not made current: it looks like a damaged copy of the current one; see `reason`, import again with force: true to replace it)." }) status: string;
  @Field(() => String, { nullable: true, description: "Why a held revision was not made current (e.g. the template fell to legacy, a table is missing, far fewer readable cells)." }) reason: string | null;
  @Field(() => Report, { description: "The stored report revision." }) report: Report;
  @Field(() => [ImportDiagnostic], { description: "Findings and reading notes." }) diagnostics: ImportDiagnostic[];
}

@ObjectType({ description: "The report could not be read; nothing was stored." })
export class ImportRejected {
  @Field(() => String, { nullable: true, description: "The file name given." }) fileName: string | null;
  @Field({ description: "What could not be read, naming the section or row; or, when storing failed, a fixed message with the id under which the server logged the cause." }) message: string;
  @Field(() => [ImportDiagnostic], { description: "Diagnostics gathered before the failure." }) diagnostics: ImportDiagnostic[];
}

export const ImportResultUnion = createUnionType({
  name: "ImportResult",
  description: "Result of importReport: ImportSucceeded or ImportRejected.",
  types: () => [ImportSucceeded, ImportRejected] as const,
  resolveType: (v) => ("report" in v ? ImportSucceeded : ImportRejected),
});

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportResultUnion, { description: "导入年度报告 — import one report. Requires an editor or admin token (Authorization: Bearer …)." })
  async importReport(@Ctx() ctx: Context, @Arg("input", () => ImportReportInput) input: ImportReportInput) {
    requireRole(ctx, "editor", "importReport");
    const content = input.base64 ? Buffer.from(input.content, "base64") : input.content;
    const result = await new ImportService(ctx.ds).importContent(content, {
      fileName: input.fileName ?? null, contentType: input.contentType ?? null, agency: input.agency ?? null,
      regionCode: input.regionCode ?? null, year: input.year ?? null, source: input.source ?? null, importedBy: `api:${ctx.actor}`,
      parse: (c, o = {}) => parseInSandbox(c, o, ctx.config.importLimits, ctx.budget.signal),
      copyThreshold: ctx.config.narrativeCopyThreshold, force: input.force,
    });
    ctx.metrics?.imports.inc({ status: result.status });
    if (result.status === "rejected") return Object.assign(new ImportRejected(), { fileName: input.fileName ?? null, message: result.reason!, diagnostics: result.diagnostics });
    return Object.assign(new ImportSucceeded(), { status: result.status, reason: result.status === "held" ? result.reason ?? null : null, report: result.report, diagnostics: result.diagnostics });
  }
}

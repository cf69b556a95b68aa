import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { checkFirst } from "../common/args";
import { decodeCursor, toConnection } from "../common/connection";
import { Agency } from "../agency/agency.type";
import { Report } from "../report/report.type";
import { NarrativeFilter, NarrativeHit, NarrativeHitConnection, SectionSimilarity } from "./narratives.type";
import { NarrativesService } from "./narratives.service";

@ArgsType()
class SearchNarrativesArgs {
  @Field({ description: "检索词 — terms separated by spaces must all occur (AND); \"quoted\" (also “…”/「…」) is one phrase; terms need two or more characters; spaces and punctuation are ignored inside a term." }) query: string;
  @Field(() => NarrativeFilter, { nullable: true, description: "筛选 — region, years, agency kind, section kind." }) filter?: NarrativeFilter;
  @Field(() => Int, { defaultValue: 20, description: "每页条数 — page size, 1 to 100." }) first: number;
  @Field(() => String, { nullable: true, description: "游标 — cursor after which the page starts." }) after?: string;
}

@Resolver(() => NarrativeHit)
export class NarrativesResolver {
  @Query(() => NarrativeHitConnection, { description: "正文检索 — search the narrative sections of every current report, e.g. “不予公开 申诉”; best matches first." })
  async searchNarratives(@Ctx() ctx: Context, @Args() { query, filter, first, after }: SearchNarrativesArgs) {
    checkFirst(first);
    const offset = decodeCursor("narrative", after) ?? 0;
    const service = new NarrativesService(ctx.ds);
    const { terms, hits } = await service.search(query, filter ?? {});
    const ranked = hits.slice(offset, offset + first + 1).map((hit, i) => ({ hit, rank: offset + i + 1 }));
    const page = toConnection("narrative", ranked, first, after ? offset : null, hits.length, (r) => r.rank);
    const nodes = await service.page(page.nodes.map((r) => r.hit), terms);
    return { ...page, nodes, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })) };
  }

  @FieldResolver(() => Agency, { nullable: true, description: "机关 — the agency that published the report." })
  agency(@Root() hit: NarrativeHit, @Ctx() ctx: Context) {
    return ctx.loaders.agency.load(hit.agencyId);
  }

  @FieldResolver(() => Report, { nullable: true, description: "报告 — the report revision the hit is in." })
  report(@Root() hit: NarrativeHit, @Ctx() ctx: Context) {
    return ctx.loaders.report.load(hit.reportId);
  }
}

/** Report.narrativeSimilarity: a field the narratives module adds to Report. */
@Resolver(() => Report)
export class ReportNarrativeResolver {
  @FieldResolver(() => [SectionSimilarity], {
    description: "文字重复率 — each narrative section, then the whole narrative (kind WHOLE, last), against the same agency's latest earlier report (across renames); empty when there is none.",
  })
  narrativeSimilarity(@Root() report: Report, @Ctx() ctx: Context) {
    return new NarrativesService(ctx.ds).similarity(report);
  }
}


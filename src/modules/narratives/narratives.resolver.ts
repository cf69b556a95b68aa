import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { checkFirst } from "../common/args";
import { Agency } from "../agency/agency.type";
import { Report } from "../report/report.type";
import { NarrativeFilter, NarrativeHit, NarrativeHitConnection, SectionSimilarity } from "./narratives.type";
import { encodeNarrativeCursor, NarrativesService } from "./narratives.service";

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
  async searchNarratives(@Ctx() ctx: Context, @Args() { query, filter, first, after }: SearchNarrativesArgs): Promise<NarrativeHitConnection> {
    checkFirst(first);
    const service = new NarrativesService(ctx.ds);
    const found = await service.search(query, filter ?? {}, first, after);
    const { nodes, agencies } = await service.page(found.hits, found.terms);
    for (const a of agencies) ctx.loaders.agency.prime(a.id, a);
    const edges = found.hits.map((h, i) => ({ cursor: encodeNarrativeCursor(found.driver, h.position), node: nodes[i] }));
    return {
      edges, nodes, truncated: found.truncated,
      pageInfo: {
        hasNextPage: found.hasNextPage, hasPreviousPage: after != null,
        startCursor: edges[0]?.cursor ?? null, endCursor: found.end ? encodeNarrativeCursor(found.driver, found.end) : null,
      },
      // Getters: the count runs only when the query selects it.
      get totalCount() {
        return found.count().then((c) => c.total);
      },
      get totalCountExact() {
        return found.count().then((c) => c.exact);
      },
    };
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


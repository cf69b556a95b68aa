import { Args, ArgsType, Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { badInput, checkFirst, checkRegionCode } from "../common/args";
import { Connection, PageInfo } from "../common/connection";
import { Report } from "./report.type";
import { ReviewCursor, ReviewService } from "./review.service";

@ObjectType({ description: "待复核 — a report that still needs a person: unreadable cells to fill (correctCells) or error findings to check." })
export class ReviewItem {
  @Field(() => Report, { description: "The current revision." }) report: Report;
  @Field(() => Int, { description: "Catalogue cells still null (unreadable or cleared)." }) unreadableCells: number;
  @Field(() => Int, { description: "Findings of severity error (R1–R6, T1, X1–X3)." }) errorFindings: number;
}

export const ReviewItemConnection = Connection(ReviewItem, "ReviewItem", "A page of the review queue, most unreadable cells first.");

@ArgsType()
class ReviewQueueArgs {
  @Field({ description: "行政区划代码 — GB/T 2260 code; reports of the region and everything below it." }) regionCode: string;
  @Field(() => Int, { description: "报告年度 — report year." }) year: number;
  @Field(() => Int, { defaultValue: 20, description: "Page size, 1 to 100." }) first: number;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (pageInfo.endCursor)." }) after?: string;
}

const encode = (c: ReviewCursor) => Buffer.from(`review:${c.unreadable}:${c.id}`).toString("base64");

function decode(cursor: string | undefined): ReviewCursor | null {
  if (cursor == null) return null;
  const m = /^review:(\d{1,6}):(\d{1,12})$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m) throw badInput("after", "not a review queue cursor");
  return { unreadable: Number(m[1]), id: Number(m[2]) };
}

@Resolver()
export class ReviewQueueResolver {
  @Query(() => ReviewItemConnection, { description: "复核队列 — current reports of a region-year with null cells or error findings, most unreadable cells first (then by id)." })
  async reviewQueue(@Ctx() ctx: Context, @Args() { regionCode, year, first, after }: ReviewQueueArgs) {
    checkRegionCode(regionCode);
    checkFirst(first);
    if (!Number.isInteger(year) || year < 1990 || year > 2100) throw badInput("year", `must be a report year (1990–2100), got ${year}`);
    const cursor = decode(after);
    const { rows, totalCount } = await new ReviewService(ctx.ds).page(regionCode, year, first, cursor);
    const nodes = rows.slice(0, first);
    const edges = nodes.map((node) => ({ cursor: encode({ unreadable: node.unreadableCells, id: node.report.id }), node }));
    const pageInfo: PageInfo = { hasNextPage: rows.length > first, hasPreviousPage: cursor != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null };
    return { edges, nodes, pageInfo, totalCount };
  }
}

import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "One corrected cell with its value before and after (decimal text; null = unreadable)." })
export class CellChange {
  @Field({ description: "Canonical cell path." }) path: string;
  @Field(() => String, { nullable: true, description: "Value before the correction." }) from: string | null;
  @Field(() => String, { nullable: true, description: "Value after the correction." }) to: string | null;
}

@ObjectType({ description: "记录 — one event in the history of an agency-year's report: an import, a new revision, a held revision, a forced one or a correction." })
export class ReportEvent {
  @Field(() => ID, { description: "Event id (events are numbered in the order they happened)." }) id: number;
  @Field({ description: "import (first revision), revision (a different input became current), held (stored but not made current: it looked like a damaged copy), forced (made current on purpose although suspicious), correction (cells corrected by hand) or rename (the agency carries a new name from this year on)." }) kind: string;
  @Field(() => ID, { nullable: true, description: "The report revision the event produced." }) reportId: number | null;
  @Field(() => Int, { nullable: true, description: "Its revision number." }) revision: number | null;
  @Field({ description: "Who: the CLI user or the API's role/token name." }) actor: string;
  @Field(() => String, { nullable: true, description: "Why: a correction's reason, or why a revision was held." }) reason: string | null;
  @Field(() => Date, { description: "When." }) at: Date;
  @Field(() => [CellChange], { description: "For a correction, the cells changed; empty otherwise." }) changes: CellChange[];
}

/**
 * Relay-style connections shaped like GitHub's: edges { cursor node }, nodes, pageInfo, totalCount.
 * Cursors are opaque base64 of the node's sort key; `first` is checked by `checkFirst` (args.ts).
 */
import { ClassType, Field, Int, ObjectType } from "type-graphql";
import { badInput } from "./args";

@ObjectType({ description: "Paging information of a connection." })
export class PageInfo {
  @Field({ description: "Whether more nodes follow the last one." }) hasNextPage: boolean;
  @Field({ description: "Whether nodes precede the first one." }) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: "Cursor of the first node." }) startCursor: string | null;
  @Field(() => String, { nullable: true, description: "Cursor of the last node; pass it as `after` for the next page." }) endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function Connection<T extends object>(nodeType: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `An edge of ${name}Connection.` })
  class Edge {
    @Field({ description: "Opaque cursor of this node." }) cursor: string;
    @Field(() => nodeType, { description: "The node." }) node: T;
  }
  @ObjectType(`${name}Connection`, { description })
  class Conn {
    @Field(() => [Edge], { description: "Nodes with their cursors." }) edges: Edge[];
    @Field(() => [nodeType], { description: "The nodes of this page." }) nodes: T[];
    @Field(() => PageInfo, { description: "Paging information." }) pageInfo: PageInfo;
    @Field(() => Int, { description: "Number of nodes matching the filter, over all pages." }) totalCount: number;
  }
  return Conn;
}

export function encodeCursor(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64");
}

export function decodeCursor(kind: string, cursor: string | null | undefined, argName = "after"): number | null {
  if (cursor == null) return null;
  const text = Buffer.from(cursor, "base64").toString("utf8");
  const m = new RegExp(`^${kind}:(\\d+)$`).exec(text);
  if (!m) throw badInput(argName, `not a ${kind} cursor`);
  return Number(m[1]);
}

/** Builds a connection from a page fetched with one extra row (to learn hasNextPage). */
export function toConnection<T>(kind: string, rows: T[], first: number, after: number | null, totalCount: number, idOf: (row: T) => number): ConnectionShape<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(kind, idOf(node)), node }));
  return {
    edges, nodes, totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

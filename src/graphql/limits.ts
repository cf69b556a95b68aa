/**
 * Validation rules that bound what one query may ask for: nesting depth, and an estimated cost where
 * every field costs 1 and a list field multiplies what is below it by its page size (`first`, or a
 * default for unpaged lists).
 */
import {
  ASTVisitor, FieldNode, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode,
  ValidationContext, getNamedType, isListType, getNullableType, GraphQLObjectType, isObjectType, isInterfaceType, GraphQLSchema, GraphQLType, GraphQLField,
} from "graphql";

const UNPAGED_LIST_ESTIMATE = 10;

/** The page size a connection field asks for: its literal `first`, the default 20, or the maximum when it comes from a variable. */
function pageSize(node: FieldNode, variables: Record<string, unknown>): number {
  const arg = node.arguments?.find((a) => a.name.value === "first");
  if (!arg) return 20;
  if (arg.value.kind === Kind.INT) return Number(arg.value.value);
  if (arg.value.kind === Kind.VARIABLE) {
    const v = variables[arg.value.name.value];
    return typeof v === "number" ? v : 100;
  }
  return 100;
}

interface Walk {
  depth: number;
  cost: number;
}

export function measure(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown> = {}): Walk {
  const root = op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  const visit = (set: SelectionSetNode, parent: GraphQLType | null | undefined, seen: Set<string>): Walk => {
    let depth = 0;
    let cost = 0;
    for (const sel of set.selections) {
      // Introspection (GraphiQL's schema query nests `ofType` 15 levels) is bounded by its own rule below.
      if (sel.kind === Kind.FIELD && sel.name.value.startsWith("__")) continue;
      if (sel.kind === Kind.FIELD) {
        const named = parent ? getNamedType(parent) : null;
        const field: GraphQLField<unknown, unknown> | undefined =
          named && (isObjectType(named) || isInterfaceType(named)) ? (named as GraphQLObjectType).getFields()[sel.name.value] : undefined;
        let child: Walk = { depth: 0, cost: 0 };
        if (sel.selectionSet) child = visit(sel.selectionSet, field?.type, seen);
        const isList = field ? isListType(getNullableType(field.type)) : false;
        const isConnection = /Connection$/.test(field ? getNamedType(field.type).name : "");
        const inConnection = named ? /Connection$|Edge$/.test(named.name) : false;
        // A connection's page size already counts its nodes/edges lists.
        const multiplier = isConnection ? pageSize(sel, variables) : isList && !inConnection ? UNPAGED_LIST_ESTIMATE : 1;
        depth = Math.max(depth, 1 + child.depth);
        // Scalars are read with their object; every object or list field costs one lookup.
        cost += (sel.selectionSet ? 1 : 0) + multiplier * child.cost;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        const w = visit(sel.selectionSet, type as GraphQLType, seen);
        depth = Math.max(depth, w.depth);
        cost += w.cost;
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (!frag || seen.has(frag.name.value)) continue;
        const w = visit(frag.selectionSet, schema.getType(frag.typeCondition.name.value) as GraphQLType, new Set([...seen, frag.name.value]));
        depth = Math.max(depth, w.depth);
        cost += w.cost;
      }
    }
    return { depth, cost };
  };
  return visit(op.selectionSet, root, new Set());
}

/** How deep introspection selections (`__schema`, `__type`) may nest: GraphiQL's own query needs 15. */
export const MAX_INTROSPECTION_DEPTH = 20;

function introspectionDepth(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, inside: boolean, seen: Set<string>): number {
  if (!set) return 0;
  let depth = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const isIntro = inside || sel.name.value === "__schema" || sel.name.value === "__type";
      const child = introspectionDepth(sel.selectionSet, fragments, isIntro, seen);
      if (isIntro) depth = Math.max(depth, 1 + child);
      else depth = Math.max(depth, child);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      depth = Math.max(depth, introspectionDepth(sel.selectionSet, fragments, inside, seen));
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments[sel.name.value];
      if (!frag || seen.has(frag.name.value)) continue;
      depth = Math.max(depth, introspectionDepth(frag.selectionSet, fragments, inside, new Set([...seen, frag.name.value])));
    }
  }
  return depth;
}

/** A validation rule rejecting operations deeper than maxDepth or costlier than maxCost. */
export function queryLimits(maxDepth: number, maxCost: number, variables: () => Record<string, unknown> = () => ({})) {
  return (context: ValidationContext): ASTVisitor => {
    const doc = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    return {
      OperationDefinition(op) {
        const { depth, cost } = measure(context.getSchema(), op, fragments, variables());
        const intro = introspectionDepth(op.selectionSet, fragments, false, new Set());
        if (intro > MAX_INTROSPECTION_DEPTH) {
          context.reportError(new GraphQLError(`Introspection is nested ${intro} levels deep; the limit is ${MAX_INTROSPECTION_DEPTH}`, { nodes: [op], extensions: { code: "QUERY_TOO_DEEP" } }));
        }
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}`, { nodes: [op], extensions: { code: "QUERY_TOO_DEEP" } }));
        }
        if (cost > maxCost) {
          context.reportError(new GraphQLError(`Query cost is estimated at ${cost}; the limit is ${maxCost}. Ask for smaller pages (first) or fewer fields.`, { nodes: [op], extensions: { code: "QUERY_TOO_COSTLY" } }));
        }
      },
    };
  };
}

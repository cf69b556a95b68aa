/**
 * What one query may ask for, checked before anything executes.
 *
 * - Structure, from @escape.tech/graphql-armor (linear: every rule memoises fragments): depth (one
 *   bound for data, a looser one for introspection, whose `ofType` chains GraphiQL nests), aliases,
 *   directives, and field suggestions hidden when introspection is off. Tokens are bounded by
 *   graphql-js itself (`parseOptions.maxTokens`), so an oversized document is refused while parsing.
 * - Work, estimated here once the variables are known (armor's cost rule runs during validation,
 *   where `first: $n` counts as 1, and has no way to weigh a field by its arguments): every field
 *   costs at least 1, scalars and introspection included; a list multiplies what is below it by the
 *   size asked for (`first`, the length of `agencyIds`, the years of a trend) or by a bound taken from
 *   the schema (introspection) or the data model (a region's children); the statistics queries add
 *   the rows their SQL reads. Each fragment is costed once and reused, so the estimate is linear in
 *   the document's size whatever its spreads.
 *
 * The estimate is the request's cost for the rate limiter too.
 */
import {
  DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLError, GraphQLField, GraphQLInterfaceType, GraphQLNamedType, GraphQLObjectType, GraphQLSchema,
  Kind, OperationDefinitionNode, SelectionSetNode, getNamedType, getNullableType, isAbstractType,
  isEnumType, isInputObjectType, SchemaMetaFieldDef, TypeMetaFieldDef, isInterfaceType, isListType, isNonNullType, isObjectType, valueFromASTUntyped,
} from "graphql";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ValidationRule } from "graphql";
import type { Config } from "../config";

/** Depth GraphiQL's introspection query needs (its TypeRef fragment nests `ofType` eight times). */
export const MAX_INTROSPECTION_DEPTH = 20;
export const MAX_PAGE = 100;

/** armor's "Syntax Error: Query depth limit of 12 exceeded, found 14." as this service words its limits. */
function reword(message: string, subject: string): string {
  const m = /(Query depth|Aliases|Directives) limit of (\d+) exceeded, found (\d+)/.exec(message);
  if (!m) return message.replace(/^Syntax Error: /, "");
  const [, what, limit, found] = m;
  if (what === "Query depth") return `${subject} is nested ${found} levels deep; the limit is ${limit}`;
  return `Query has ${found} ${what.toLowerCase()}; the limit is ${limit}`;
}

function rejecter(code: string, subject = "Query") {
  return (ctx: { reportError(e: GraphQLError): void } | null, error: GraphQLError) => {
    ctx?.reportError(new GraphQLError(reword(error.message, subject), { extensions: { code } }));
  };
}

/** graphql-armor's structural limits as Apollo validation rules and plugins. */
export function structuralLimits(config: Config): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[] } {
  const armor = new ApolloArmor({
    // Counted by graphql-js while parsing (parseOptions.maxTokens): armor's Apollo plugin would parse every document twice.
    maxTokens: { enabled: false },
    // Replaced by the work estimate below (needs variables and per-argument weights).
    costLimit: { enabled: false },
    maxDepth: { n: config.maxQueryDepth, ignoreIntrospection: true, flattenFragments: true, propagateOnRejection: false, onReject: [rejecter("QUERY_TOO_DEEP")] },
    maxAliases: { n: config.maxAliases, propagateOnRejection: false, onReject: [rejecter("QUERY_TOO_COMPLEX")] },
    maxDirectives: { n: config.maxDirectives, propagateOnRejection: false, onReject: [rejecter("QUERY_TOO_COMPLEX")] },
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const { validationRules, plugins } = armor.protect();
  // A second depth rule that also counts introspection, bounding `__type { ofType { ofType … } }`.
  const introspectionDepth = new ApolloArmor({
    maxTokens: { enabled: false }, costLimit: { enabled: false }, maxAliases: { enabled: false }, maxDirectives: { enabled: false }, blockFieldSuggestion: { enabled: false },
    maxDepth: { n: MAX_INTROSPECTION_DEPTH, ignoreIntrospection: false, flattenFragments: true, propagateOnRejection: false, onReject: [rejecter("QUERY_TOO_DEEP", "Introspection")] },
  }).protect();
  return { validationRules: [...(validationRules), ...(introspectionDepth.validationRules)], plugins: plugins };
}

// ---------------------------------------------------------------------------------------------
// Work estimate

type Args = Record<string, unknown>;

/**
 * What a statistics query's arguments say about the lists below it: compareAgencies returns one
 * series per measure and one value per year. Kept to two numbers so that a fragment is costed once per
 * distinct scope (the estimate stays linear).
 */
interface Scope {
  measures: number;
  years: number;
  /** `first` of the paged field above: the size of a connection's nodes and edges, of a ranking's entries. */
  page: number;
}
const NO_SCOPE: Scope = { measures: 50, years: 30, page: MAX_PAGE };

/** How many items a list field returns, given its arguments and the scope above it. */
type ListSize = (args: Args, scope: Scope) => number;
/** Rows the field's own SQL reads, given its arguments. */
type Weight = (args: Args) => number;

const len = (v: unknown, fallback: number) => (Array.isArray(v) ? Math.max(1, v.length) : v == null ? fallback : 1);

/**
 * Unpaged lists whose size the data model bounds (a report has a handful of revisions). A region's
 * children are counted at their GB/T 2260 mean (≈10 prefectures a province, ≈9 counties a
 * prefecture, ≈14 townships a county), so that a nested tree costs about the regions it returns.
 */
const LIST_SIZES: Record<string, ListSize> = {
  "Query.regions": () => 35,
  "Region.children": () => 12,
  "Agency.reports": () => 10,
  "Agency.names": () => 5,
  "Report.revisions": () => 5,
  "Report.findings": () => 20,
  "Report.ambiguousCells": () => 20,
  "Report.blankCells": () => 50,
  "Report.sections": () => 12,
  "Finding.paths": () => 5,
  "Query.compareAgencies": (a) => len(a.agencyIds, 1),
  "AgencyComparison.series": (_a, scope) => scope.measures,
  "MeasureSeries.values": (_a, scope) => scope.years,
  "MeasureSeries.changes": (_a, scope) => Math.max(1, scope.years - 1),
  "Query.trend": (a) => span(a.fromYear, a.toYear),
  "Query.aggregate": (a) => num(a.first, 20),
  "AggregateGroup.values": () => 50,
  "Ranking.entries": (_a, scope) => scope.page,
  "AggregateComparison.differences": () => 100,
  "RegionStatistics.proactive": () => 2,
  "TrendPoint.templates": () => 3,
  "Metrics.applicantMix": () => 6,
  "Metrics.reasonMix": () => 20,
  "FindingCounts.byRule": () => 10,
  "FindingCounts.byRegion": () => 50,
};

/** Fields whose resolver reads many rows: their SQL's work on top of the 1 every field costs. */
const WEIGHTS: Record<string, Weight> = {
  // One row per agency × year, one value per measure.
  "Query.compareAgencies": (a) => Math.ceil((len(a.agencyIds, 1) * len(a.years, 1) * len(a.measures, 1)) / 10) + 10,
  // Every current report of the region and year, ranked in SQL.
  "Query.ranking": () => 500,
  "Ranking.smallSamples": () => 200,
  "Query.regionStatistics": () => 100,
  "Coverage.missing": () => 300,
  "Coverage.missingCount": () => 100,
  "Coverage.excludedAggregates": () => 50,
  "Coverage.excludedAggregateCount": () => 20,
  "RegionStatistics.aggregateComparison": () => 50,
  "Query.aggregate": (a) => 300 + 20 * len(a.paths, 1),
  "Query.trend": (a) => 50 * span(a.fromYear, a.toYear),
  "Query.findingCounts": () => 200,
  "Connection.totalCount": () => 50,
  // The original input: up to megabytes of text from another table.
  "Report.rawText": () => 50,
};

function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

function span(from: unknown, to: unknown): number {
  const a = num(from, 1990);
  const b = num(to, 2100);
  return Math.max(1, Math.min(111, b - a + 1));
}

export class CostError extends GraphQLError {}

function badFirst(value: unknown, field: string): GraphQLError {
  return new GraphQLError(`Argument "first" must be between 1 and ${MAX_PAGE}, got ${JSON.stringify(value)} (${field})`, {
    extensions: { code: "BAD_USER_INPUT", argumentName: "first", http: { status: 400 } },
  });
}

/**
 * Sizes of the schema's own lists, for introspection: a list on every type (`fields`, `enumValues` …)
 * is sized by its total over the schema divided by the number of types, so that `types { fields }`
 * counts about as many fields as the schema has. An `ofType` chain ends after two or three links
 * (non-null, list, named), so each further link counts half of the one before.
 */
function introspectionSizes(schema: GraphQLSchema): Record<string, ListSize> {
  const types = Object.values(schema.getTypeMap());
  const perType = (total: number) => Math.max(1, Math.ceil(total / Math.max(1, types.length)));
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const withFields = types.filter((t) => isObjectType(t) || isInterfaceType(t)) as Array<GraphQLObjectType | GraphQLInterfaceType>;
  const fieldList = withFields.flatMap((t) => Object.values(t.getFields()));
  return {
    "__Schema.types": () => types.length,
    "__Schema.directives": () => schema.getDirectives().length,
    "__Type.fields": () => perType(fieldList.length),
    "__Type.inputFields": () => perType(sum(types.filter(isInputObjectType).map((t) => Object.keys(t.getFields()).length))),
    "__Type.enumValues": () => perType(sum(types.filter(isEnumType).map((t) => t.getValues().length))),
    "__Type.possibleTypes": () => perType(sum(types.filter(isAbstractType).map((t) => schema.getPossibleTypes(t).length))),
    "__Type.interfaces": () => perType(sum(withFields.map((t) => t.getInterfaces().length))),
    "__Type.ofType": () => 0.5,
    "__Field.args": () => Math.max(1, Math.ceil(sum(fieldList.map((f) => f.args.length)) / Math.max(1, fieldList.length))),
    "__Directive.args": () => 3,
    "__Directive.locations": () => 5,
  };
}

export interface Estimator {
  /** The work an operation asks for; throws BAD_USER_INPUT for a page size out of range. */
  (document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number;
}

export function costEstimator(schema: GraphQLSchema): Estimator {
  const sizes: Record<string, ListSize> = { ...LIST_SIZES, ...introspectionSizes(schema) };
  return (document, operation, given) => {
    // The operation's defaults for the variables not given: what execution will see.
    const variables: Record<string, unknown> = { ...given };
    for (const d of operation.variableDefinitions ?? []) {
      if (variables[d.variable.name.value] === undefined && d.defaultValue) variables[d.variable.name.value] = valueFromASTUntyped(d.defaultValue);
    }
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const memo = new Map<string, number>();
    const scopes = new Map<string, Scope>();
    const keyOf = (sc: Scope) => `${sc.measures}/${sc.years}/${sc.page}`;
    const scopeOf = (sc: Scope): Scope => {
      const key = keyOf(sc);
      let found = scopes.get(key);
      if (!found) scopes.set(key, (found = sc));
      return found;
    };

    const argsOf = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined): Args => {
      const out: Args = {};
      for (const def of field?.args ?? []) if (def.defaultValue !== undefined) out[def.name] = def.defaultValue;
      for (const a of node.arguments ?? []) out[a.name.value] = valueFromASTUntyped(a.value, variables);
      return out;
    };

    const fieldCost = (node: FieldNode, parent: GraphQLNamedType | undefined, scope: Scope): number => {
      const name = node.name.value;
      if (name === "__typename") return 1;
      const field: GraphQLField<unknown, unknown> | undefined =
        name === "__schema" ? SchemaMetaFieldDef : name === "__type" ? TypeMetaFieldDef
          : parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
      const type = field?.type;
      const coordinate = `${parent?.name ?? "?"}.${name}`;
      const args = argsOf(node, field);
      let multiplier = 1;
      const firstArg = field?.args.find((a) => a.name === "first");
      if (firstArg) {
        // null where the argument is Int! (a variable's value): refused here, as its range is, rather
        // than by the executor's coercion.
        if (args.first === null && isNonNullType(firstArg.type)) throw badFirst(null, coordinate);
        // Absent (a nullable `first` without a default): the resolver picks its page; cost it at the largest.
        const first = args.first ?? MAX_PAGE;
        if (typeof first !== "number" || !Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badFirst(first, coordinate);
        // A paged list is `first` items; a connection or ranking is one object whose page is `first` items.
        if (type && isListType(getNullableType(type))) multiplier = first;
        else scope = scopeOf({ ...scope, page: first });
      } else if (type && isListType(getNullableType(type))) {
        multiplier = sizes[coordinate]?.(args, scope) ?? 10;
      } else if (sizes[coordinate]) {
        multiplier = sizes[coordinate](args, scope);
      }
      if (coordinate === "Query.compareAgencies") scope = scopeOf({ ...scope, measures: len(args.measures, 50), years: len(args.years, 30) });
      const connection = parent && /Connection$/.test(parent.name);
      if (connection && (name === "nodes" || name === "edges")) multiplier = scope.page;
      const weight = WEIGHTS[coordinate]?.(args) ?? (connection && name === "totalCount" ? WEIGHTS["Connection.totalCount"](args) : 0);
      const childType = type ? getNamedType(type) : undefined;
      const below = node.selectionSet ? setCost(node.selectionSet, childType, scope) : 0;
      return 1 + weight + multiplier * below;
    };

    const setCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, scope: Scope): number => {
      let cost = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) cost += fieldCost(sel, parent, scope);
        else if (sel.kind === Kind.INLINE_FRAGMENT) {
          cost += setCost(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) ?? undefined : parent, scope);
        } else {
          const name = sel.name.value;
          const key = `${name}@${keyOf(scope)}`;
          let c = memo.get(key);
          if (c === undefined) {
            const frag = fragments.get(name);
            memo.set(key, 0); // a cycle (refused by validation anyway) costs nothing more
            c = frag ? setCost(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? undefined, scope) : 0;
            memo.set(key, c);
          }
          cost += c;
        }
        if (!Number.isFinite(cost) || cost > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
      }
      return cost;
    };

    const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
    return setCost(operation.selectionSet, root ?? undefined, NO_SCOPE);
  };
}

/**
 * The Apollo plugin that estimates each operation's work once its variables are known (before
 * execution), refuses it over `maxCost`, and hands the cost to `onCost` (rate limits, metrics).
 */
export function workLimit(schema: GraphQLSchema, maxCost: number, onCost: (cost: number, contextValue: unknown) => Promise<void> | void): ApolloServerPlugin {
  const estimate = costEstimator(schema);
  // An operation without variables costs the same every time: estimated once per parsed document
  // (Apollo keeps one per query text).
  const fixed = new WeakMap<OperationDefinitionNode, number>();
  const costOf = (document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>) => {
    if (operation.variableDefinitions?.length) return Math.ceil(estimate(document, operation, variables));
    let cost = fixed.get(operation);
    if (cost === undefined) fixed.set(operation, (cost = Math.ceil(estimate(document, operation, variables))));
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          if (!operation) return;
          const cost = costOf(document, operation, request.variables ?? {});
          (contextValue as { cost?: number }).cost = cost;
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost is estimated at ${cost}; the limit is ${maxCost}. Ask for smaller pages (first), fewer aliases or fewer fields.`, {
              extensions: { code: "QUERY_TOO_COSTLY", cost, maxCost, http: { status: 400 } },
            });
          }
          await onCost(cost, contextValue);
        },
      };
    },
  };
}

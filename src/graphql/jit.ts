/**
 * Executes operations with graphql-jit: each document (by its text and operation name) is compiled
 * once into a function that walks the selection set directly, instead of graphql-js interpreting
 * the document for every field of every answer. Resolvers, middlewares (the guard), the context and
 * error masking are the same; only the walk is compiled. Long answers gain most: compareAgencies for
 * 100 agencies × 7 years resolves ~12,000 fields, of which graphql-js's executor took most of the
 * request's time (bench/results/2026-12-03-…; docs/scaling.md).
 *
 * Plugged into Apollo Server through its executor hook (the gateway interface, which supplies the
 * schema and an executor and nothing else). Only documents where graphql-jit 0.8 behaves as
 * graphql-js are compiled (`compilable`): queries without fields of union or interface type (its
 * resolveType handling differs from type-graphql's) and without input-object variables (it does not
 * apply input fields' defaults). Everything else, and anything it cannot compile, runs on graphql-js.
 *
 * It is used where it was measured to pay (bench/interleaved.ts --jit both): answers of thousands
 * of plain fields (compareAgencies: 53–65% less time in process), and the statistics answers a
 * dashboard asks for, where the gain is in garbage: graphql-js allocates an info object and a path
 * per field, and a request's garbage is what the collector copies while the next request waits.
 * Measured per request at 100k reports (allocation is exact where timings on the shared machine are
 * not): ranking 0.69 → 0.29 MB, ranking with small samples 0.94 → 0.38, findingCounts 1.64 → 0.80,
 * regionStatistics with coverage lists 1.72 → 1.33, findings 0.95 → 0.76. searchNarratives stays
 * on graphql-js: its totalCount is a getter returning a promise, which graphql-jit does not await
 * on a field without a resolver.
 */
import {
  DocumentNode, execute, getNamedType, getVariableValues, GraphQLError, GraphQLSchema, isAbstractType, isInputObjectType, Kind, locatedError, printSchema, TypeInfo, typeFromAST, visit, visitWithTypeInfo,
} from "graphql";
import type { GatewayInterface, GatewayExecutionResult, GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import { compileQuery, CompiledQuery, isCompiledQuery } from "graphql-jit";

/** Root fields whose operations are compiled (see above). */
export const COMPILED_ROOTS: ReadonlySet<string> = new Set(["compareAgencies", "regionStatistics", "ranking", "trend", "aggregate", "findings", "findingCounts"]);

/** Compiled documents kept (least recently used dropped first); a trusted-documents deployment has far fewer. */
const MAX_COMPILED = 1000;

/** Whether graphql-jit answers this operation exactly as graphql-js would (see above). */
export function compilable(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): boolean {
  const typeInfo = new TypeInfo(schema);
  let safe = true;
  let operations = 0;
  visit(document, visitWithTypeInfo(typeInfo, {
    OperationDefinition(node) {
      operations++;
      if (node.operation !== "query" || (operationName && node.name?.value !== operationName)) safe = false;
    },
    VariableDefinition(node) {
      const type = typeFromAST(schema, node.type);
      if (!type || isInputObjectType(getNamedType(type))) safe = false;
    },
    Field() {
      const type = typeInfo.getType();
      if (!type || isAbstractType(getNamedType(type))) safe = false;
    },
  }));
  return safe && operations === 1;
}

/** Whether every root field of the operation is a compiled root (or __typename), and one is. */
function worthCompiling(rc: GatewayGraphQLRequestContext): boolean {
  const roots = rc.operation.selectionSet.selections;
  return roots.every((f) => f.kind === Kind.FIELD && (COMPILED_ROOTS.has(f.name.value) || f.name.value === "__typename"))
    && roots.some((f) => f.kind === Kind.FIELD && COMPILED_ROOTS.has(f.name.value));
}

/** graphql-jit's errors as graphql-js's: a GraphQLError thrown by a resolver keeps its code, every error its path. */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const original = (e as { originalError?: unknown }).originalError;
  const located = locatedError(original ?? new Error(e.message), undefined, e.path);
  // graphql-jit has the locations but not the nodes they come from.
  if (!located.locations && e.locations) Object.assign(located, { locations: e.locations });
  return located;
}

/**
 * A document is compiled the second time it is seen (`SEEN_ONCE` marks the first): compiling costs
 * 3–4 ms, a few requests' worth, so a client sending ever new texts (arguments written inline) is
 * answered by graphql-js and never pays it, while a dashboard's repeated documents are compiled once.
 */
const SEEN_ONCE = 0;

/** Operations answered by compiled code in this process (tests check that compiled execution ran). */
export const jitStats = { compiledRuns: 0 };

export function jitExecutor(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery | null | typeof SEEN_ONCE>();
  const listeners = new Set<(s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void>();
  const compiledFor = (rc: GatewayGraphQLRequestContext): CompiledQuery | null => {
    const key = `${rc.operationName ?? ""}\n${rc.source}`;
    const entry = compiled.get(key);
    if (entry !== undefined) compiled.delete(key);
    let next: CompiledQuery | null | typeof SEEN_ONCE;
    if (entry === undefined) next = worthCompiling(rc) ? SEEN_ONCE : null;
    else if (entry === SEEN_ONCE) {
      // Path-based @skip/@include: graphql-jit's default keeps a field's condition on the field node,
      // so a fragment spread in two places with a condition at one lost its fields at the other.
      const result = compilable(schema, rc.document, rc.operationName) ? compileQuery(schema, rc.document, rc.operationName ?? undefined, { useExperimentalPathBasedSkipInclude: true }) : null;
      next = result && isCompiledQuery(result) ? result : null;
    } else next = entry;
    compiled.set(key, next);
    if (compiled.size > MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    return next === SEEN_ONCE ? null : next;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      const sdl = printSchema(schema);
      for (const l of listeners) l({ apiSchema: schema, coreSupergraphSdl: sdl });
      return {
        executor: async (rc): Promise<GatewayExecutionResult> => {
          const query = compiledFor(rc);
          // Variables that do not fit their definitions get graphql-js's errors (BAD_USER_INPUT, naming
          // the variable); graphql-jit's carry no nodes and would be reported as internal errors.
          const plain = !query || !!getVariableValues(schema, rc.operation.variableDefinitions ?? [], rc.request.variables ?? {}).errors;
          if (plain) return execute({ schema, document: rc.document, contextValue: rc.context, variableValues: rc.request.variables, operationName: rc.operationName });
          jitStats.compiledRuns++;
          const result = await query.query(undefined, rc.context, rc.request.variables ?? {}) as GatewayExecutionResult;
          return result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      };
    },
    async stop() {
      compiled.clear();
    },
  };
}

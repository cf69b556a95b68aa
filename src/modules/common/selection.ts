/**
 * What a resolver's field asks for below it: its selection sets with fragments expanded and
 * @skip/@include applied under the request's variables. Resolvers use it to leave out work that no
 * field of the answer reads (a statement, columns).
 */
import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, type FieldNode, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode, valueFromASTUntyped } from "graphql";

/** Whether a selection is left out by @skip(if: true) or @include(if: false) under the request's variables. */
export function skipped(node: SelectionNode, info: GraphQLResolveInfo): boolean {
  return getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true
    || getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if === false;
}

/** Whether the selection (its fragments included, skipped ones not) asks for `field`. */
export function selects(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo): boolean {
  return fieldsSelected(set, field, info).length > 0;
}

/**
 * Every node of `field` the selection asks for (its fragments included, skipped ones not): one per
 * alias or spread, so that a resolver can read the arguments each is given. A fragment spread twice
 * is read once; validation refuses cycles.
 */
export function fieldsSelected(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo, seen = new Set<string>()): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of set?.selections ?? []) {
    if (skipped(s, info)) continue;
    if (s.kind === "Field") {
      if (s.name.value === field) out.push(s);
    } else if (s.kind === "InlineFragment") {
      out.push(...fieldsSelected(s.selectionSet, field, info, seen));
    } else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      out.push(...fieldsSelected(info.fragments[s.name.value]?.selectionSet, field, info, seen));
    }
  }
  return out;
}

/** The value a field node gives its argument `name` (a literal or a variable), or `fallback` (the argument's default). */
export function argumentOf(node: FieldNode, name: string, info: GraphQLResolveInfo, fallback: unknown): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value, info.variableValues) ?? fallback : fallback;
}

/**
 * Every field path the resolver's field selects, dotted from the field's own children
 * (`applications.newReceived.total`), objects and leaves alike; `__typename` left out. Fragments
 * are expanded whatever their type condition (a superset of what any one object reads).
 * `directives`: whether any selection on the way had one (@skip/@include: the paths then depend on
 * the request's variables, not only on the document).
 */
export function selectedPaths(info: GraphQLResolveInfo): { paths: Set<string>; directives: boolean } {
  const paths = new Set<string>();
  const seen = new Set<string>();
  let directives = false;
  const walk = (set: SelectionSetNode | undefined, prefix: string) => {
    for (const s of set?.selections ?? []) {
      if (s.directives?.length) {
        directives = true;
        if (skipped(s, info)) continue;
      }
      if (s.kind === "Field") {
        if (s.name.value === "__typename") continue;
        const path = prefix ? `${prefix}.${s.name.value}` : s.name.value;
        paths.add(path);
        walk(s.selectionSet, path);
      } else if (s.kind === "InlineFragment") {
        walk(s.selectionSet, prefix);
      } else {
        // A fragment spread once per place (validation refuses cycles; this stops them anyway).
        const key = `${prefix}#${s.name.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        walk(info.fragments[s.name.value]?.selectionSet, prefix);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, "");
  return { paths, directives };
}

/**
 * `compute(selectedPaths(info).paths)`, remembered per field node of the parsed document (Apollo
 * keeps a document parsed once for all requests that send its text) unless a directive makes the
 * paths depend on the request's variables.
 */
export function perSelection<T>(cache: WeakMap<object, T>, info: GraphQLResolveInfo, compute: (paths: Set<string>) => T): T {
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0] : null;
  if (node && cache.has(node)) return cache.get(node)!;
  const { paths, directives } = selectedPaths(info);
  const value = compute(paths);
  if (node && !directives) cache.set(node, value);
  return value;
}

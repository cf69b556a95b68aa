/**
 * What a resolver's field asks for below it: its selection sets with fragments expanded and
 * @skip/@include applied under the request's variables. Resolvers use it to leave out work that no
 * field of the answer reads (a statement, columns).
 */
import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from "graphql";

/** Whether a selection is left out by @skip(if: true) or @include(if: false) under the request's variables. */
export function skipped(node: SelectionNode, info: GraphQLResolveInfo): boolean {
  return getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true
    || getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if === false;
}

/** Whether the selection (its fragments included, skipped ones not) asks for `field`. */
export function selects(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo): boolean {
  return !!set?.selections.some((s) => !skipped(s, info) && (s.kind === "Field" ? s.name.value === field
    : s.kind === "InlineFragment" ? selects(s.selectionSet, field, info)
      : selects(info.fragments[s.name.value]?.selectionSet, field, info)));
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

/**
 * The dashboard's GraphQL documents: one named operation (a query, or the one mutation the report
 * view's correction form sends) per `queries/*.graphql` file, plus the
 * fragments of `fragments.graphql` that it uses. `assemble` builds the exact text each request
 * sends; the build writes the sha256 of each text to `dashboard/trusted-documents.json`, the
 * allow-list a production server loads. Pure (no I/O): the app, the build and the tests share it.
 */

const FRAGMENT_FILE = "fragments";

/** Splits a file of `fragment X on T { … }` definitions into name → text. */
function splitFragments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const starts = [...text.matchAll(/^fragment\s+(\w+)\s+on\s+\w+/gm)];
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].index : text.length;
    out.set(m[1], text.slice(m.index, end).trim());
  });
  return out;
}

/** Fragment names a text spreads (`...Name`, not `... on Type`). */
function spreads(text: string): string[] {
  return [...text.matchAll(/\.\.\.\s*([A-Za-z_]\w*)/g)].map((m) => m[1]).filter((n) => n !== "on");
}

/**
 * From file base names to contents (without `.graphql`), the document text of each operation,
 * keyed by operation name: the operation, then the fragments it needs in name order.
 */
export function assemble(files: Record<string, string>): Record<string, string> {
  const fragments = splitFragments(files[FRAGMENT_FILE] ?? "");
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(files)) {
    if (name === FRAGMENT_FILE) continue;
    const text = raw.trim();
    const op = /^(?:query|mutation)\s+(\w+)/m.exec(text);
    if (!op || op[1] !== name) throw new Error(`queries/${name}.graphql: must hold one query named ${name}`);
    const needed = new Set<string>();
    const queue = spreads(text);
    while (queue.length) {
      const f = queue.pop()!;
      if (needed.has(f)) continue;
      const def = fragments.get(f);
      if (!def) throw new Error(`queries/${name}.graphql: unknown fragment ${f}`);
      needed.add(f);
      queue.push(...spreads(def));
    }
    out[name] = [text, ...[...needed].sort().map((f) => fragments.get(f)!)].join("\n\n") + "\n";
  }
  return out;
}

/** Base name of a path such as `./queries/Ranking.graphql` or `/x/Ranking.graphql?raw`. */
export function baseName(path: string): string {
  return path.replace(/\?.*$/, "").replace(/^.*\//, "").replace(/\.graphql$/, "");
}

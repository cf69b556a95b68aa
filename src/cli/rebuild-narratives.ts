/**
 * `gongkai rebuild-narratives`: refills the narrative search index and every N1 finding from the
 * stored current reports (a database imported before the index existed). Built to the CLI command
 * contract `(argv, io) => exit code`; the command table wires it.
 */
import { loadConfig } from "../config";
import { openDatabase } from "./database";
import { usePageCache } from "../db/data-source";
import { parse } from "./args";
import { Io, write } from "./io";
import { rebuildNarrativeIndex } from "../store/narrative-index";
import { rebuildReadModels } from "../store/metric-index";

export const REBUILD_NARRATIVES_HELP = `usage: gongkai rebuild-narratives

Rebuilds the narrative search index (narrative_token) and the N1 findings of DATABASE_URL from the
stored current reports. N1's threshold is GONGKAI_N1_THRESHOLD (default 0.9).
`;

export async function rebuildNarrativesCommand(argv: string[], io: Io): Promise<number> {
  parse(argv, {});
  const config = loadConfig();
  const ds = await openDatabase(config.db);
  try {
    // The whole index is written again: the same page cache as an import's writer.
    await usePageCache(ds, config.importCacheMb);
    const started = Date.now();
    const reports = await rebuildNarrativeIndex(ds, { copyThreshold: config.narrativeCopyThreshold });
    // The N1 findings changed: the findings' read model follows.
    await ds.transaction((em) => rebuildReadModels(em));
    const tokens = Number((await ds.query("SELECT COUNT(*) AS n FROM narrative_token"))[0].n);
    const n1 = Number((await ds.query("SELECT COUNT(*) AS n FROM finding WHERE rule = 'N1'"))[0].n);
    await write(io.stdout, `narrative index rebuilt: ${reports} reports, ${tokens} index rows, ${n1} N1 findings (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

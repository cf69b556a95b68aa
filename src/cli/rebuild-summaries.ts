/** `gongkai rebuild-summaries`. */
import { parse } from "./args";
import { Io, write } from "./io";
import { loadConfig } from "../config";
import { openDatabase } from "./database";
import { SummaryLedger } from "../store/summary-ledger";
import { rebuildReadModels } from "../store/metric-index";

export const REBUILD_HELP = `usage: gongkai rebuild-summaries

Recomputes the statistics summaries and the read model (rankings, findings by region, coverage lists) of
DATABASE_URL from the stored reports.
`;

export async function rebuildSummariesCommand(argv: string[], io: Io): Promise<number> {
  parse(argv, {});
  const ds = await openDatabase(loadConfig().db);
  try {
    await ds.transaction(async (em) => {
      await new SummaryLedger(em).rebuild();
      await rebuildReadModels(em);
    });
  } finally {
    await ds.destroy();
  }
  await write(io.stdout, "statistics summaries rebuilt\n");
  return 0;
}

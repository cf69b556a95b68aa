/**
 * `gongkai correct <report-id> path=value … --reason "…"`: corrects or fills cells of a stored
 * report (the same store/corrections.ts as the correctCells mutation). `path=null` clears a cell.
 * Prints the new revision and each cell before → after; exits 0, or 2 on a usage error naming the
 * argument, with nothing stored.
 */
import { loadConfig } from "../config";
import { openDataSource } from "../db/data-source";
import { checkReport } from "../ingestion/rules";
import { CROSS_YEAR_CHECKER } from "../ingestion/import.service";
import { correctCells, CellCorrection, CorrectionError } from "../store/corrections";

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export const CORRECT_USAGE = `usage: gongkai correct <report-id> <path>=<value>… --reason "why"

Stores a new revision of the report with the given cells (decimal text; money in the unit the
template prints; "null" clears a cell), recomputes its findings and the statistics, and records who
($USER), when and why in the report's history. The previous revision stays readable.

  gongkai correct 12 applications.newReceived.natural=7 applications.newReceived.total=7 --reason "read from the PDF"
`;

function parse(argv: string[]): { reportId: number; cells: CellCorrection[]; reason: string } | { help: true } {
  const positional: string[] = [];
  let reason: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return { help: true };
    if (a === "--reason" || a.startsWith("--reason=")) {
      reason = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i] ?? null;
      if (reason == null) throw new CorrectionError("reason", "--reason needs a value");
    } else if (a.startsWith("--")) throw new CorrectionError("cells", `unknown option ${a}`);
    else positional.push(a);
  }
  const [id, ...pairs] = positional;
  if (!id || !/^\d{1,9}$/.test(id)) throw new CorrectionError("reportId", id ? `not a report id: "${id}"` : "give the report id first");
  if (!pairs.length) throw new CorrectionError("cells", "give at least one path=value");
  if (reason == null) throw new CorrectionError("reason", 'say why with --reason "…"');
  const cells = pairs.map((p) => {
    const eq = p.indexOf("=");
    if (eq < 1) throw new CorrectionError("cells", `"${p}" is not path=value`);
    const value = p.slice(eq + 1);
    return { path: p.slice(0, eq), value: value === "null" ? null : value };
  });
  return { reportId: Number(id), cells, reason };
}

export async function cmdCorrect(argv: string[], io: Io): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    io.stderr.write(`gongkai correct: ${(e as Error).message}\n${CORRECT_USAGE}`);
    return 2;
  }
  if ("help" in args) {
    io.stdout.write(CORRECT_USAGE);
    return 0;
  }
  const ds = await openDataSource(loadConfig().db);
  try {
    const result = await correctCells(ds, args.reportId, args.cells, {
      actor: process.env.USER ?? "cli", reason: args.reason, checkReport, crossYear: CROSS_YEAR_CHECKER,
    });
    const lines = [`report ${result.previous.id} (revision ${result.previous.revision}) corrected: now report ${result.report.id}, revision ${result.report.revision}`];
    for (const c of result.changes) lines.push(`  ${c.path}: ${c.from ?? "null"} → ${c.to ?? "null"}`);
    io.stdout.write(lines.join("\n") + "\n");
    return 0;
  } catch (e) {
    if (e instanceof CorrectionError) {
      io.stderr.write(`gongkai correct: ${e.argument === "reportId" ? "report" : e.argument}: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await ds.destroy();
  }
}

/** `gongkai parse`: the canonical report JSON of each file, folder entry or address. */
import { parse, REPORT_OPTIONS } from "./args";
import { Io, write } from "./io";
import { reason, reportInputs } from "./report-inputs";
import { parseInput } from "../ingestion/parse";

export const PARSE_HELP = `usage: gongkai parse <files, folders or http(s) addresses>… [options]

Prints the canonical report JSON of each report. One file: the report object. Several (or a folder):
a JSON array with a "file" field in each object; a file that fails is in the array as
{ "file", "error" } and is named on stderr. Reads <name>.meta.json beside each file (agency, year,
regionCode, source, publishedAt); the flags below override it.

options:
  --agency NAME        the issuing agency, when the text lacks its title
  --year N             the report year
  --region CODE        GB/T 2260 region code (6 or 12 digits)
  --source URL         the report's address
  --published DATE     publication date YYYY-MM-DD
  --jsonl              one JSON object per line, written as each file is read (for many files)
  --timeout SECONDS    time limit for fetching an address (default 30)
  --max-mb N           size limit for a fetched page (default 50)
  -h, --help           this text

exit codes: 0 every report read, 1 some input failed, 2 usage error
`;

export async function parseCommand(argv: string[], io: Io): Promise<number> {
  const args = parse(argv, REPORT_OPTIONS, { positionals: true });
  const { inputs, load } = await reportInputs("parse", args, io);
  const jsonl = args.values.jsonl === true;
  const single = !jsonl && args.positionals.length === 1 && inputs.length === 1 && inputs[0].name === args.positionals[0];
  let failed = 0;
  let first = true;
  if (!single && !jsonl) await write(io.stdout, "[");
  for (const input of inputs) {
    let item: Record<string, unknown>;
    try {
      const { content, options } = await load(input);
      const { report } = await parseInput(content, options);
      item = single ? { ...report } : { file: input.name, ...report };
    } catch (e) {
      failed++;
      const why = reason(e);
      await write(io.stderr, `gongkai parse: ${input.name}: ${why}\n`);
      if (single) continue;
      item = { file: input.name, error: why };
    }
    if (jsonl) await write(io.stdout, JSON.stringify(item) + "\n");
    else if (single) await write(io.stdout, JSON.stringify(item, null, 2) + "\n");
    else {
      await write(io.stdout, (first ? "\n" : ",\n") + JSON.stringify(item, null, 2).replace(/^/gm, "  "));
      first = false;
    }
  }
  if (!single && !jsonl) await write(io.stdout, first ? "]\n" : "\n]\n");
  return failed ? 1 : 0;
}

/**
 * Where a bench writes its results: bench/results/<name>.md, or <name>-2.md, -3, … when a run of the
 * same day already wrote that name — a second run never overwrites a committed results file.
 */
import fs from "node:fs";
import path from "node:path";

export function writeResults(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { dir, name, ext } = path.parse(file);
  let out = file;
  for (let i = 2; fs.existsSync(out); i++) out = path.join(dir, `${name}-${i}${ext}`);
  fs.writeFileSync(out, text);
  return out;
}

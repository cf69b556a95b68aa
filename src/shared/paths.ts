import fs from "node:fs";
import path from "node:path";

/** The project folder (the one holding package.json), from src/ under Jest or dist/src/ when built. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("package.json not found above " + __dirname);
    dir = up;
  }
  return dir;
}

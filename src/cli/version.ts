import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../shared/paths";

let cached: string | null = null;

/** The version in package.json (the one installed, not a copy baked into the build). */
export function version(): string {
  return (cached ??= String(JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")).version));
}

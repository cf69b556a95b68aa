/**
 * Builds the dashboard into dist/dashboard (served at /dashboard by src/dashboard/serve.ts) and
 * writes dashboard/trusted-documents.json (sha256 of each GraphQL document → its text).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { assemble, baseName } from "./src/queries/documents.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const queriesDir = path.join(here, "src", "queries");

export function trustedDocuments(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(queriesDir).filter((n) => n.endsWith(".graphql")).sort()) {
    files[baseName(f)] = fs.readFileSync(path.join(queriesDir, f), "utf8");
  }
  const manifest: Record<string, string> = {};
  for (const text of Object.values(assemble(files))) manifest[createHash("sha256").update(text, "utf8").digest("hex")] = text;
  return manifest;
}

function manifestPlugin(): Plugin {
  return {
    name: "gongkai-trusted-documents",
    buildStart() {
      const file = path.join(here, "trusted-documents.json");
      const text = JSON.stringify(trustedDocuments(), null, 2) + "\n";
      if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
    },
  };
}

export default defineConfig({
  root: here,
  base: "/dashboard/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [manifestPlugin()],
  build: {
    outDir: path.join(here, "..", "dist", "dashboard"),
    emptyOutDir: true,
    target: "es2020",
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: true,
  },
});

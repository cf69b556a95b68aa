import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

/**
 * The layer order of docs/architecture.md as eslint.config.mjs enforces it: planted imports, linted in
 * memory (ESLint's Node API, `lintText` with a `filePath`; nothing is written to disk) as if they sat at
 * the given path. Only the boundaries rule runs, without type information. ESLint loads its flat config with a dynamic `import()`,
 * which Jest's module sandbox refuses, so one child Node process lints every case.
 */
const root = path.join(__dirname, "..", "..");

// The rule classifies resolved files only, so planted imports name real files (found, not hard-coded,
// because module files move between folders as the code grows).
function filesIn(dir: string, suffix: string): string[] {
  const full = path.join(root, dir);
  return fs.existsSync(full) ? fs.readdirSync(full).filter((f) => f.endsWith(suffix)).sort().map((f) => f.replace(/\.ts$/, "")) : [];
}

function firstFile(dir: string, suffix: string): string {
  const [file] = filesIn(dir, suffix);
  if (!file) throw new Error(`no ${suffix} file in ${dir} to plant an import of`);
  return file;
}

const LINT_CASES = `
  const { ESLint } = require("eslint");
  const path = require("node:path");
  const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  const eslint = new ESLint({
    cwd: process.cwd(),
    ruleFilter: ({ ruleId }) => ruleId === "boundaries/dependencies",
    // The planted files do not exist, so no TypeScript program can hold them: parse without types.
    overrideConfig: { files: ["**/*.ts"], languageOptions: { parserOptions: { project: null, projectService: false } } },
  });
  (async () => {
    const out = [];
    for (const [file, source] of cases) {
      const [result] = await eslint.lintText(source, { filePath: path.join(process.cwd(), file) });
      out.push(result.messages.map((m) => (m.ruleId ?? "parser") + ": " + m.message));
    }
    process.stdout.write(JSON.stringify(out));
  })().catch((e) => { console.error(e); process.exit(1); });
`;

/** Lints each [file, source] pair; returns each one's messages ("rule: message"). */
function lint(cases: Array<[string, string]>): string[][] {
  const res = spawnSync(process.execPath, ["-e", LINT_CASES], { cwd: root, input: JSON.stringify(cases), encoding: "utf8" });
  if (res.status !== 0) throw new Error(`eslint child failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

const boundaries = expect.stringMatching(/^boundaries\/dependencies: /);

const REJECTED: Array<[string, string, string]> = [
  ["a module importing ingestion", "src/modules/report/planted.ts", `import { parseReport } from "../../ingestion/parse";`],
  ["a module importing another module's service", "src/modules/report/planted.ts", `import * as x from "../agency/${firstFile("src/modules/agency", ".service.ts")}";`],
  ["a module importing another module's resolver", "src/modules/agency/planted.ts", `import * as x from "../statistics/${firstFile("src/modules/statistics", ".resolver.ts")}";`],
  ["src importing bench", "src/planted.ts", `import { loadCorpus } from "../bench/load";`],
  ["db importing migrations", "src/db/planted.ts", `import { Init1764470000000 } from "../../migrations/1764470000000-init";`],
  ["domain importing db", "src/domain/planted.ts", `import { columnTypes } from "../db/column-types";`],
  ["domain importing a module", "src/domain/planted.ts", `import { ReportEntity } from "../modules/report/report.entity";`],
  ["a migration importing the live catalogue", "migrations/1799999999999-planted.ts", `import { CELLS } from "../src/domain/cells";`],
  ["the shared read helpers importing a module", "src/modules/common/planted.ts", `import { ReportEntity } from "../report/report.entity";`],
  ["a module importing the write side", "src/modules/report/planted.ts", `import * as store from "../../store/${firstFile("src/store", ".ts")}";`],
];

const ALLOWED: Array<[string, string, string]> = [
  ["a module importing the domain", "src/modules/report/planted.ts", `import { CELLS } from "../../domain/cells";`],
  ["a module importing its own service", "src/modules/report/planted.ts", `import { ReportService } from "./report.service";`],
  ["a module importing another module's entity", "src/modules/report/planted.ts", `import { AgencyEntity } from "../agency/agency.entity";`],
  ["a module importing another module's GraphQL type", "src/modules/statistics/planted.ts", `import { ReportType } from "../report/report.type";`],
  ["a module importing the shared read helpers", "src/modules/report/planted.ts", `import * as x from "../common/${firstFile("src/modules/common", ".ts")}";`],
  ["domain importing domain and shared", "src/domain/planted.ts", `import { CELLS } from "./cells";\nimport { projectRoot } from "../shared/paths";`],
  ["bench importing src", "bench/planted.ts", `import { openDataSource } from "../src/db/data-source";`],
  ["a migration importing db helpers", "migrations/1799999999999-planted.ts", `import { migrationTools } from "../src/db/migration-helpers";`],
  ["ingestion importing a module entity", "src/ingestion/planted.ts", `import { ReportEntity } from "../modules/report/report.entity";`],
];

describe("the layer rule", () => {
  let results: Map<string, string[]>;
  beforeAll(() => {
    const all = [...REJECTED, ...ALLOWED];
    const out = lint(all.map(([, file, source]) => [file, `${source}\nexport const x = 1;\n`]));
    results = new Map(all.map(([what], i) => [what, out[i]]));
  });

  it.each(REJECTED)("rejects %s", (what) => {
    expect(results.get(what)).toEqual([boundaries]);
  });

  it.each(ALLOWED)("allows %s", (what) => {
    expect(results.get(what)).toEqual([]);
  });
});

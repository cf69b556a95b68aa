// ESLint 9 flat config: typescript-eslint (type-aware rules through the project service) and the layer
// order of docs/architecture.md, enforced with eslint-plugin-boundaries. `npm run check:lint` runs
// `eslint . --max-warnings 0`, so every rule below is effectively an error in CI.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import boundaries from "eslint-plugin-boundaries";

/**
 * Elements of the layer order: folders, matched from the project root, first match wins. A module
 * folder's entities and GraphQL types (`*.entity.ts`, `*.type.ts`, file category "module-api") may be
 * imported by other modules; its resolvers and services may not.
 */
const elements = [
  { type: "bench", pattern: "bench", partialMatch: false },
  { type: "migrations", pattern: "migrations", partialMatch: false },
  { type: "domain", pattern: "src/domain", partialMatch: false },
  { type: "shared", pattern: "src/shared", partialMatch: false },
  { type: "db", pattern: "src/db", partialMatch: false },
  { type: "store", pattern: "src/store", partialMatch: false },
  { type: "ingestion", pattern: "src/ingestion", partialMatch: false },
  // Helpers every read module shares (argument checks, connections): not a module of its own.
  { type: "module-common", pattern: "src/modules/common", partialMatch: false },
  { type: "module", pattern: "src/modules/*", partialMatch: false, capture: ["module"] },
  { type: "src", pattern: "src", partialMatch: false },
];
const files = [{ category: "module-api", pattern: ["**/*.entity.ts", "**/*.type.ts"] }];

/** What may not point where (everything else is allowed). Each policy is one sentence of docs/architecture.md. */
const policies = [
  // bench/ depends on src/, never the reverse.
  { from: { element: { type: "!bench" } }, disallow: { to: { element: { type: "bench" } } } },
  // modules/ never import ingestion/ or store/ (the write side).
  { from: { element: { type: "module*" } }, disallow: { to: { element: { type: "ingestion" } } } },
  { from: { element: { type: "module*" } }, disallow: { to: { element: { type: "store" } } } },
  // modules/common/ sits below every module folder: it imports none of them.
  { from: { element: { type: "module-common" } }, disallow: { to: { element: { type: "module" } } } },
  // A module folder never imports another module folder's resolvers or services.
  {
    from: { element: { type: "module" } },
    disallow: { to: { element: { type: "module", captured: { module: "!{{ from.captured.module }}" } } } },
  },
  {
    from: { element: { type: "module" } },
    allow: { to: { element: { type: "module" }, file: { categories: "module-api" } } },
  },
  // db/ does not import migrations/ (it finds them by file name).
  { from: { element: { type: "db" } }, disallow: { to: { element: { type: "migrations" } } } },
  // migrations are frozen: they never import the live catalogue (or anything else in domain/).
  { from: { element: { type: "migrations" } }, disallow: { to: { element: { type: "domain" } } } },
  // domain/ is pure: it imports only domain/ and shared/.
  { from: { element: { type: "domain" } }, disallow: { to: { element: { type: "!domain" } } } },
  { from: { element: { type: "domain" } }, allow: { to: { element: { type: "shared" } } } },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "bench/data/**", "bench/results/**", "data/**", "coverage/**", "dashboard/dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      // tsconfig.test.json covers src, migrations, bench and test (tsconfig.json leaves test/ out).
      parserOptions: { project: ["./tsconfig.test.json"], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { boundaries },
    settings: {
      "boundaries/elements": elements,
      "boundaries/files": files,
      "boundaries/include": ["src/**/*.ts", "migrations/**/*.ts", "bench/**/*.ts"],
      "import/resolver": { node: { extensions: [".ts", ".js", ".json"] } },
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "allow", policies }],
      // Type-aware rules that catch real bugs and cost little.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      // The code base talks to TypeORM and driver rows; `any` at those edges is deliberate and reviewed.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // CommonJS project: a lazy `require` of a large JSON table (region.service) is deliberate.
      "@typescript-eslint/no-require-imports": "off",
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "bin/*"],
    languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" } },
  },
);

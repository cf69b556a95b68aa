/** Jest runs TypeScript through swc (no type checking: `npm run check:types` does that). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", {
      jsc: {
        parser: { syntax: "typescript", decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: "es2022",
      },
      module: { type: "commonjs" },
    }],
  },
  testTimeout: 60000,
  // No forceExit: every suite closes what it opens. (A MariaDB run once needed it; the cause was
  // mysql2's generated row parser, which V8 kept optimising after the tests — `disableEval` since.)
};

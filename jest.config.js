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
  // A MariaDB pool in the corrections suite keeps Jest from exiting although every test has finished.
  forceExit: true,
};

require("reflect-metadata");
const swc = require("@swc/core");
const Module = require("module");
const fs = require("fs");
require.extensions[".ts"] = function (m, filename) {
  const out = swc.transformSync(fs.readFileSync(filename, "utf8"), { filename, jsc: { parser: { syntax: "typescript", decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: "es2022" }, module: { type: "commonjs" } });
  m._compile(out.code, filename);
};
require(process.argv[2]);

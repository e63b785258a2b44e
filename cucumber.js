// Cucumber configuration: TypeScript steps through ts-node (transpile-only, CommonJS).
// scripts/conformance.ts adds the target, the formats and the report paths.
module.exports = {
  default: {
    paths: ["features/**/*.feature"],
    requireModule: ["ts-node/register/transpile-only"],
    require: ["steps/**/*.ts"],
    strict: true,
  },
};

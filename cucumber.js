// Cucumber configuration: TypeScript steps through ts-node (transpile-only, CommonJS).
// scripts/conformance.ts adds the target, the formats, the report paths and the feature paths
// (config paths would be added to, not replaced by, paths given on the command line).
module.exports = {
  default: {
    requireModule: ["ts-node/register/transpile-only"],
    require: ["steps/**/*.ts"],
    strict: true,
  },
};

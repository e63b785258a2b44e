import js from "@eslint/js";
import tseslint from "typescript-eslint";

const NODE_PREFIX = {
  regex:
    "^(fs|path|os|net|dgram|http|crypto|events|child_process|util|url|stream|assert|diagnostics_channel|timers|readline|zlib|buffer|test)(/.*)?$",
  message: "Use the node: prefix for built-in modules.",
};

export default tseslint.config(
  { ignores: ["node_modules/", "reports/out/", "coverage/", "**/*.js", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "no-console": "error",
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", name: ["test", "it", "describe", "suite"], package: "node:test" },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { patterns: [NODE_PREFIX] }],
    },
  },
  {
    // CLIs, scripts and benches talk to a person on the console; library code never does.
    files: ["scripts/**", "bench/**", "reference-server/cli.ts", "targets/**/*.ts", "reports/**/*.ts"],
    rules: { "no-console": "off" },
  },
  {
    // The oracle is independent of the server it judges.
    files: ["uas-sim/**", "steps/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NODE_PREFIX,
            {
              group: ["**/reference-server", "**/reference-server/**"],
              message: "uas-sim/ and steps/ must not import reference-server/.",
            },
          ],
        },
      ],
    },
  },
);

// `pnpm test:mutation`: StrykerJS over the folders whose logic the fast tests must pin down.
// Not in CI: one mutant at a time on two shared cores takes far longer than the suite.
// Results: bench/MUTATION.md (written by `pnpm mutation:summary` from the incremental file).

import { createRequire } from "node:module";

// pnpm keeps each package's dependencies apart, so Stryker's own "@stryker-mutator/*" glob
// finds no plugins from inside its store folder: name them, resolved from the repository root.
const resolve = createRequire(import.meta.url).resolve;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "pnpm",
  plugins: [resolve("@stryker-mutator/vitest-runner"), resolve("@stryker-mutator/typescript-checker")],
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.mutation.json",
  // Per mutant, check only the mutated file's program: a mutant that breaks types elsewhere
  // still fails its tests, and this keeps the checker to seconds on two cores.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // A static mutant (a module-level constant) reruns every covering test file with a fresh
  // import: measured 62 % of the SDK core's run for 24 % of its mutants. They are reported as
  // ignored; `pnpm test:mutation --ignoreStatic false` tests them too.
  ignoreStatic: true,
  concurrency: 1,
  // Committed: a rerun (and a teammate's first run) only tests mutants whose code or
  // covering tests changed since, and the summary is generated from this same file.
  incremental: true,
  incrementalFile: "bench/mutation/stryker-incremental.json",
  mutate: [
    "packages/server/src/{domain,store,http,sessions}/**/*.ts",
    "packages/sdk/src/core/**/*.ts",
    "packages/mock/src/**/*.ts",
    // Generated: the migrations' SQL as a string table (drift is checked by `pnpm generate`).
    "!packages/server/src/store/migrations.generated.ts",
    // The browser entry runs on SQLite's WebAssembly, seconds to start per run: covered by
    // packages/mock/test/browser-entry.test.ts and the real-browser worker test instead.
    "!packages/mock/src/browser.ts",
    "!packages/mock/src/wasm-client.ts",
  ],
  ignorePatterns: ["bench/mutation", "reports", "**/dist", ".driftstack", "coverage", "packs"],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  timeoutMS: 10_000,
};

// The mock against its own Node tests (vitest.mutation-mock.config.ts), into its own incremental
// file: `nice -n 15 npx stryker run stryker.mock.config.mjs && pnpm mutation:merge`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-mock.config.ts" },
  mutate: base.mutate.filter(
    (pattern) => pattern.startsWith("!packages/mock/") || pattern === "packages/mock/src/**/*.ts",
  ),
  incrementalFile: "bench/mutation/mock.incremental.json",
};

// packages/server/src/http/ against vitest.mutation-http.config.ts (the server's fast tests that cover it),
// into its own incremental file: `nice -n 15 npx stryker run stryker.http.config.mjs && pnpm mutation:merge`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-http.config.ts" },
  // shared-contract.ts runs at import: its static mutants have a config of their own (stryker.contract.config.mjs).
  mutate: ["packages/server/src/http/**/*.ts", "!packages/server/src/http/shared-contract.ts"],
  incrementalFile: "bench/mutation/http.incremental.json",
};

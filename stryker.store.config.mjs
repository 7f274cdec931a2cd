// packages/server/src/store/ against vitest.mutation-store.config.ts (the server's fast tests that cover it),
// into its own incremental file: `nice -n 15 npx stryker run stryker.store.config.mjs && pnpm mutation:merge`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-store.config.ts" },
  mutate: ["packages/server/src/store/**/*.ts", "!packages/server/src/store/migrations.generated.ts"],
  incrementalFile: "bench/mutation/store.incremental.json",
};

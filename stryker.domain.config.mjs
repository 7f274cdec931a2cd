// The domain folder against its own unit tests and the address classifier's (vitest.mutation-domain.config.ts):
// a lower bound of its score, into its own incremental file.
// `nice -n 15 npx stryker run stryker.domain.config.mjs && pnpm mutation:merge`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-domain.config.ts" },
  mutate: ["packages/server/src/domain/**/*.ts"],
  incrementalFile: "bench/mutation/domain.incremental.json",
};

// The SDK's core against the SDK's own source-level tests (vitest.mutation-sdk.config.ts), into its
// own incremental file: `nice -n 15 npx stryker run stryker.sdk-core.config.mjs && pnpm mutation:merge`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-sdk.config.ts" },
  mutate: ["packages/sdk/src/core/**/*.ts"],
  incrementalFile: "bench/mutation/sdk-core.incremental.json",
};

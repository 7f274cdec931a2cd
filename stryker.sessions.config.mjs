// packages/server/src/sessions/ against vitest.mutation-sessions.config.ts (the server's fast tests that cover it),
// into its own incremental file: `nice -n 15 npx stryker run stryker.sessions.config.mjs && pnpm mutation:merge`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-sessions.config.ts" },
  mutate: ["packages/server/src/sessions/**/*.ts"],
  incrementalFile: "bench/mutation/sessions.incremental.json",
};

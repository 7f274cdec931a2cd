// packages/server/src/http/shared-contract.ts on its own: it runs while the route modules load
// (each module builds its router at import), so its mutants are static and the http config,
// which ignores static mutants, could only reach them through a route a test registers itself.
// Here they are tested with a fresh import per mutant, against the tests that read the contract:
// `nice -n 15 npx stryker run stryker.contract.config.mjs && pnpm mutation:merge`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-contract.config.ts" },
  mutate: ["packages/server/src/http/shared-contract.ts"],
  ignoreStatic: false,
  incrementalFile: "bench/mutation/contract.incremental.json",
};

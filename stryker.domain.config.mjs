// The domain folder against its own unit tests alone (vitest.mutation-domain.config.ts): fast enough to
// run whole on two cores (≈ 28 min), a lower bound of its score. `npx stryker run stryker.domain.config.mjs`.
import base from "./stryker.config.mjs";
export default {
  ...base,
  vitest: { configFile: "vitest.mutation-domain.config.ts" },
  mutate: ["packages/server/src/domain/**/*.ts"],
};

import { defineConfig } from "vitest/config";

// The domain's own unit tests: a lower bound of the domain folder's score, fast enough to run whole.
export default defineConfig({
  test: {
    include: [
      "packages/server/test/domain/*.test.ts",
      "packages/server/test/domain.test.ts",
      "packages/server/test/state-summary.test.ts",
      // The address classifier's tests, against node:net's BlockList as a reference.
      "packages/server/test/egress/addresses.test.ts",
    ],
    testTimeout: 20_000,
  },
});

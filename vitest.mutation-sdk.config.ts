import { defineConfig } from "vitest/config";

// The SDK's own tests that import its sources (not the built dist/, not a browser): the core's
// score against them is a lower bound, fast enough to run whole on two cores.
export default defineConfig({
  test: {
    include: ["packages/sdk/test/*.test.ts"],
    exclude: [
      // Read the built dist/ in child runtimes and browsers: they never see the active mutant.
      "packages/sdk/test/package.test.ts",
      "packages/sdk/test/runtimes.test.ts",
      "packages/sdk/test/sessions-browser.test.ts",
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

import { defineConfig } from "vitest/config";

// The mock's own tests that run in Node (no browser, no SQLite WebAssembly): the mock's score
// against them is a lower bound, fast enough to run whole on two cores.
export default defineConfig({
  test: {
    include: ["packages/mock/test/*.test.ts"],
    exclude: [
      // A real browser, and the WebAssembly entry (seconds per run) whose files are not mutated.
      "packages/mock/test/browser-worker.test.ts",
      "packages/mock/test/browser-entry.test.ts",
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "tests/*/test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Type tests (`*.test-d.ts`) are checked by tsc, never run: `pnpm test:types` counts them apart.
    typecheck: {
      include: ["packages/*/test/**/*.test-d.ts"],
      tsconfig: "tsconfig.typetests.json",
    },
  },
});

import { defineConfig } from "vitest/config";

// The fast tests that cover what `pnpm test:mutation` mutates: the server's domain, store,
// http and sessions folders, the SDK's core and the mock. Stryker reruns the tests that
// cover a mutant once per mutant, so nothing here may start a real browser, spawn a server
// process or compile the WebAssembly database: sessions/ is covered through the fake driver.
const server = "packages/server/test";

export default defineConfig({
  test: {
    include: [
      `${server}/*.test.ts`,
      `${server}/domain/*.test.ts`,
      `${server}/sessions/lifecycle.test.ts`,
      `${server}/sessions/limits.test.ts`,
      `${server}/sessions/timeout-to-driver.test.ts`,
      `${server}/sessions/watchdog-engineless.test.ts`,
      `${server}/egress/addresses.test.ts`,
      "packages/sdk/test/*.test.ts",
      "packages/mock/test/*.test.ts",
    ],
    exclude: [
      // Spawns the CLI as child processes, which never see the active mutant.
      `${server}/cli.test.ts`,
      // Resolves the package root on disk; nothing under the mutated folders.
      `${server}/package-root.test.ts`,
      // Reads the built dist/ and packs tarballs: not the mutated sources.
      "packages/sdk/test/package.test.ts",
      // Runs the built SDK in Node, Deno, Bun and a browser: never the mutated sources.
      "packages/sdk/test/runtimes.test.ts",
      // Real browsers.
      "packages/sdk/test/sessions-browser.test.ts",
      "packages/mock/test/browser-worker.test.ts",
      // Compiles SQLite's WebAssembly (seconds per run); its entry files are not mutated.
      "packages/mock/test/browser-entry.test.ts",
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

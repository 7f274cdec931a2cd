import { describe, it } from "vitest";
import { availableEngines, type EngineInstall, selectDriver } from "../../src/driver/select";

export { driverFor } from "../../src/driver/select";

/** The real engines installed here; browser suites run once per engine. */
export const ENGINES: readonly EngineInstall[] = availableEngines();

const required = process.env.DRIFTSTACK_REQUIRE_BROWSER === "1";

/** For suites about a remote Playwright browser server (DRIFTSTACK_BROWSER_WS_ENDPOINT). */
export const REMOTE_NEEDS_PLAYWRIGHT = {
  backend: "playwright",
  why: "a remote Playwright browser server needs a Playwright build of the engine; WebKitGTK runs its own processes per session",
} as const;

/** The environment that makes a `driftstack serve` process choose `install`. */
export function serveEnvFor(install: EngineInstall): Record<string, string> {
  return {
    DRIFTSTACK_BROWSER: install.engine,
    // WebKitGTK is found by itself; the variable names a Playwright engine's executable.
    DRIFTSTACK_BROWSER_EXECUTABLE: install.backend === "playwright" ? install.executablePath : "",
  };
}

/** `webkit (webkitgtk)`, `chromium`: how suites name the engine they run on. */
export function engineName(install: EngineInstall): string {
  return install.backend === "webkitgtk" ? "webkit (webkitgtk)" : install.engine;
}

/**
 * `it` for a test only `engine` can run; on another engine the test is
 * declared skipped (counted as skipped, never as passed) and `why` is printed.
 */
export function itOnEngine(install: EngineInstall, engine: EngineInstall["engine"], why: string) {
  return (name: string, test: () => Promise<void>): void => {
    if (install.engine === engine) {
      it(name, test);
      return;
    }
    console.warn(`skipping "${name}" on ${engineName(install)}: ${why}`);
    it.skip(`${name} (not on ${engineName(install)}: ${why})`, test);
  };
}

/**
 * Declares `suite` once per installed engine, named `name [engine]`. With no
 * engine it prints why and skips, unless DRIFTSTACK_REQUIRE_BROWSER=1 makes
 * the absence a failing test, so CI cannot pass by skipping.
 */
export function describeEngines(
  name: string,
  suite: (install: EngineInstall) => void,
  only?: { backend: EngineInstall["backend"]; why: string },
): void {
  for (const install of ENGINES) {
    if (only && install.backend !== only.backend) {
      console.warn(`skipping "${name} [${engineName(install)}]": ${only.why}`);
      continue;
    }
    describe(`${name} [${engineName(install)}]`, () => suite(install));
  }
  if (required) {
    // Both engines must run where browsers are required (CI): a missing one fails, it never skips.
    for (const engine of (["webkit", "chromium"] as const).filter((e) => !ENGINES.some((i) => i.engine === e))) {
      describe(`${name} [${engine}]`, () => {
        it(`has ${engine} installed (DRIFTSTACK_REQUIRE_BROWSER=1)`, () => {
          throw new Error(selectDriver({ DRIFTSTACK_BROWSER: engine }, undefined).reason ?? `${engine} is missing`);
        });
      });
    }
    return;
  }
  if (ENGINES.length > 0) return;
  const reason =
    selectDriver({ DRIFTSTACK_BROWSER_EXECUTABLE: process.env.DRIFTSTACK_BROWSER_EXECUTABLE }).reason ??
    "no browser engine is installed";
  // Nothing is declared in its place: a skipped suite is a printed reason, not a counted test.
  console.warn(`skipping "${name}": ${reason}`);
}

import { describe, it } from "vitest";
import { createPlaywrightDriver, type PlaywrightDriver } from "../../src/driver/playwright";
import { availableEngines, type EngineInstall, selectDriver } from "../../src/driver/select";

/** The real engines installed here; browser suites run once per engine. */
export const ENGINES: readonly EngineInstall[] = availableEngines();

const required = process.env.DRIFTSTACK_REQUIRE_BROWSER === "1";

/**
 * Declares `suite` once per installed engine, named `name [engine]`. With no
 * engine it prints why and skips, unless DRIFTSTACK_REQUIRE_BROWSER=1 makes
 * the absence a failing test, so CI cannot pass by skipping.
 */
export function describeEngines(name: string, suite: (install: EngineInstall) => void): void {
  if (ENGINES.length > 0) {
    for (const install of ENGINES) describe(`${name} [${install.engine}]`, () => suite(install));
    return;
  }
  const reason =
    selectDriver({ DRIFTSTACK_BROWSER_EXECUTABLE: process.env.DRIFTSTACK_BROWSER_EXECUTABLE }).reason ??
    "no browser engine is installed";
  if (required) {
    describe(name, () => {
      it("has a browser engine (DRIFTSTACK_REQUIRE_BROWSER=1)", () => {
        throw new Error(reason);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(name, () => {
    it("needs a browser engine", () => {});
  });
}

/** A driver launching the installed engine the way selectDriver would. */
export function driverFor(install: EngineInstall): PlaywrightDriver {
  return createPlaywrightDriver({ engine: install.engine, executablePath: install.executablePath });
}

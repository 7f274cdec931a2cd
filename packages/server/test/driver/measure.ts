/**
 * Times the driver on each installed engine: `npx tsx packages/server/test/driver/measure.ts`.
 * Prints medians of a few rounds; the first open includes the browser launch.
 */
import { availableEngines } from "../../src/driver/select";
import type { StoredState } from "../../src/driver/types";
import { driverFor } from "./engines";
import { IPHONE } from "./expect-driver-error";
import { startSite } from "./site";

const ROUNDS = 5;
const T = { timeoutMs: 10_000 };

async function time<T>(samples: number[], call: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await call();
  samples.push(performance.now() - start);
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const site = await startSite();
for (const install of availableEngines()) {
  const launch: number[] = [];
  const empty: number[] = [];
  const fromState: number[] = [];
  const exported: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const driver = driverFor(install);
    const first = await time(launch, () => driver.open({ archetype: IPHONE, state: null }));
    await first.goto(`${site.url}/`, T);
    await first.evaluate("window.stored", T);
    const state: StoredState = await time(exported, () => first.exportState());
    await first.close();
    await (await time(empty, () => driver.open({ archetype: IPHONE, state: null }))).close();
    await (await time(fromState, () => driver.open({ archetype: IPHONE, state }))).close();
    await driver.close();
  }
  const ms = (xs: number[]) => `${Math.round(median(xs))} ms`;
  console.log(
    `${install.engine}: launch + first open ${ms(launch)}, open empty ${ms(empty)}, open from state ${ms(fromState)}, export ${ms(exported)}`,
  );
}
await site.close();

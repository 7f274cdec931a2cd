import { createFakeDriver } from "../../src/driver/fake";
import type { BrowserContextHandle, BrowserDriver } from "../../src/driver/types";

/** The fake driver with some methods of each context it opens replaced; `change` gets the fake context to delegate to. */
export function fakeDriverWith(
  change: (context: BrowserContextHandle) => Partial<BrowserContextHandle>,
): BrowserDriver {
  const fake = createFakeDriver();
  return {
    engine: fake.engine,
    nativeEngine: fake.nativeEngine,
    close: () => fake.close(),
    async open(input) {
      const context = await fake.open(input);
      return { ...context, ...change(context) };
    },
  };
}

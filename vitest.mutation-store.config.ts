import { defineConfig } from "vitest/config";
import { fakeDriverSessionTests, routeExcludes, routeTests, timeouts } from "./vitest.mutation-server";

// store/ against the route and unit tests on libSQL :memory: and the fake-driver sessions (which
// write sessions, checkpoints and states through it).
export default defineConfig({
  test: { include: [...routeTests, ...fakeDriverSessionTests], exclude: routeExcludes, ...timeouts },
});

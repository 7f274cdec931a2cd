import { defineConfig } from "vitest/config";
import { edgeTests, routeExcludes, routeTests, timeouts } from "./vitest.mutation-server";

// http/ (auth, idempotency, errors, body limits, telemetry middleware) against the route tests
// and the Node edge's raw-socket tests.
export default defineConfig({
  test: { include: [...routeTests, ...edgeTests], exclude: routeExcludes, ...timeouts },
});

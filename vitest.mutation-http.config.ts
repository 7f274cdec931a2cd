import { defineConfig } from "vitest/config";
import { edgeTests, routeExcludes, routeTests, timeouts } from "./vitest.mutation-server";

// http/ (auth, idempotency, errors, body limits, telemetry middleware) against the route tests,
// the Node edge's raw-socket tests, and keyed session creates (the routes whose key is claimed
// apart from the handler's writes).
const keyedSessionTests = ["packages/server/test/sessions/session-keys.test.ts"];
export default defineConfig({
  test: { include: [...routeTests, ...edgeTests, ...keyedSessionTests], exclude: routeExcludes, ...timeouts },
});

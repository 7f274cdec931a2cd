// The server's fast tests, grouped by the source folder they pin down, for the per-folder mutation
// configs (vitest.mutation-{store,http,sessions}.config.ts). Nothing here starts a real browser or
// spawns a process: those never see the active mutant, and Stryker reruns a mutant's covering
// tests once per mutant. Each group's score is a lower bound of the full config's.
const server = "packages/server/test";

/** The route and unit tests on libSQL `:memory:`: every request goes through http/ and store/. */
export const routeTests = [`${server}/*.test.ts`];
/** Spawns the CLI, or resolves the package root on disk: nothing under the mutated folders. */
export const routeExcludes = [`${server}/cli.test.ts`, `${server}/package-root.test.ts`];

/** Sessions through the fake driver (the real-engine suites beside them start browsers). */
export const fakeDriverSessionTests = [
  `${server}/sessions/lifecycle.test.ts`,
  `${server}/sessions/limits.test.ts`,
  `${server}/sessions/timeout-to-driver.test.ts`,
  `${server}/sessions/watchdog-engineless.test.ts`,
  `${server}/sessions/state-cap.test.ts`,
  `${server}/sessions/native-layer-engineless.test.ts`,
  `${server}/sessions/runner-loop.test.ts`,
  `${server}/sessions/driver-failures.test.ts`,
  `${server}/sessions/refusal-details.test.ts`,
  `${server}/sessions/session-records.test.ts`,
  `${server}/sessions/page-recovery.test.ts`,
  `${server}/sessions/export-patience.test.ts`,
  `${server}/sessions/save-measure.test.ts`,
  `${server}/sessions/checkpoint-outcomes.test.ts`,
  `${server}/sessions/live-session.test.ts`,
  `${server}/sessions/session-keys.test.ts`,
  `${server}/sessions/state-audit.test.ts`,
  `${server}/sessions/session-list.test.ts`,
];

/** The HTTP edge as Node serves it (raw sockets), and request telemetry. */
export const edgeTests = [
  `${server}/edge/node-edge.test.ts`,
  `${server}/edge/body-limit.test.ts`,
  `${server}/ops/telemetry.test.ts`,
];

export const timeouts = { testTimeout: 20_000, hookTimeout: 30_000 };

/** How big each benchmark runs: the full run writes RESULTS.md, `--smoke` only proves that every benchmark still works. */
export interface BenchConfig {
  smoke: boolean;
  /** Rounds per comparison; every figure is the median over them. */
  rounds: number;
  /** autocannon: seconds per measured round and per warm-up, and connections. */
  loadSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Profiles behind the read endpoints. */
  readProfiles: number;
  /** Profiles of the deep account, the page size, and the page whose latency is compared with the first. */
  deepProfiles: number;
  pageSize: number;
  deepPage: number;
  /** Requests per pagination latency sample side. */
  depthSamples: number;
  /** Walk rounds (SDK and bare) start while this many seconds of walking have not yet passed; at least one. */
  walkBudgetSeconds: number;
  /** Sequential calls per round in the in-process comparisons (SDK, mock). */
  inProcessCalls: number;
  /** Sessions: rounds, create/destroy cycles per round, the size of the big stored state, and the parallel run. */
  sessionRounds: number;
  sessionCycles: number;
  stateBytes: number;
  parallelSessions: number;
  parallelSeconds: number;
  /** Cap enforcement: parallel creates against a cap-25 account. */
  capRequests: number;
  /** Seconds of load while the server's CPU is profiled. */
  profileSeconds: number;
  /** Scale curves: autocannon rounds per size (the curve has several points, so fewer rounds than the single-point comparisons). */
  scaleRounds: number;
  /** Parallel sessions: the numbers of profiles opened at once, one curve point each, and bursts per point. */
  parallelCurve: number[];
  parallelRounds: number;
  /** Storage cost: profiles inserted to measure bytes per profile, and the state sizes written through the API. */
  storageProfiles: number;
  stateSizes: number[];
}

export const KIB = 1024;
export const MIB = 1024 * KIB;

export const FULL: BenchConfig = {
  smoke: false,
  rounds: 5,
  loadSeconds: 1.5,
  warmupSeconds: 1,
  connections: 10,
  readProfiles: 1_000,
  deepProfiles: 100_000,
  pageSize: 50,
  deepPage: 1_900,
  depthSamples: 40,
  walkBudgetSeconds: 40,
  inProcessCalls: 500,
  sessionRounds: 3,
  sessionCycles: 2,
  stateBytes: 1024 * 1024,
  parallelSessions: 8,
  parallelSeconds: 3,
  capRequests: 200,
  profileSeconds: 4,
  scaleRounds: 3,
  parallelCurve: [8, 16, 32],
  parallelRounds: 2,
  storageProfiles: 100_000,
  stateSizes: [10 * KIB, 100 * KIB, MIB, 10 * MIB],
};

export const SMOKE: BenchConfig = {
  smoke: true,
  rounds: 1,
  loadSeconds: 0.5,
  warmupSeconds: 0.2,
  connections: 4,
  readProfiles: 100,
  deepProfiles: 1_000,
  pageSize: 50,
  deepPage: 19,
  depthSamples: 3,
  walkBudgetSeconds: 0,
  inProcessCalls: 20,
  sessionRounds: 1,
  sessionCycles: 1,
  stateBytes: 64 * 1024,
  parallelSessions: 2,
  parallelSeconds: 0.2,
  capRequests: 200,
  profileSeconds: 0.5,
  scaleRounds: 1,
  parallelCurve: [2],
  parallelRounds: 1,
  storageProfiles: 1_000,
  stateSizes: [10 * KIB, 100 * KIB],
};

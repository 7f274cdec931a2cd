import type { BenchConfig } from "../config";
import type { LoadResult } from "../load";
import { alternatingLoad, type LoadedEndpoint, pairedLoad } from "../paired-load";
import { count, ms } from "../report/format";
import type { Row, Section, Target } from "../report/types";
import type { ServerProcess } from "../servers/spawn";
import type { BenchDatabase } from "../setup/bench-database";
import { median, pairedRatio } from "../stats";

interface Endpoint extends LoadedEndpoint {
  target?: Target;
}

let sequence = 0;

function endpoints(bench: BenchDatabase, config: BenchConfig): Endpoint[] {
  const ids = bench.reader.profileIds;
  let next = 0;
  const uniqueName = () => JSON.stringify({ name: `load-${process.pid}-${sequence++}` });
  // The targets of issue #17: reads within 80 % of the bare route, a POST within 70 % of the bare INSERT.
  const reads: Target = { op: ">=", value: 0.8 };
  return [
    {
      name: "GET /v1/profiles/:id",
      request: { method: "GET", next: () => ({ path: `/v1/profiles/${ids[next++ % ids.length]}` }) },
      account: bench.reader,
      target: reads,
    },
    {
      name: `GET /v1/profiles?limit=${config.pageSize}`,
      request: { method: "GET", path: `/v1/profiles?limit=${config.pageSize}` },
      account: bench.reader,
      target: reads,
    },
    {
      name: "POST /v1/profiles",
      request: { method: "POST", next: () => ({ path: "/v1/profiles", body: uniqueName() }) },
      account: bench.writer,
      target: { op: ">=", value: 0.7 },
    },
    {
      name: "POST /v1/profiles with Idempotency-Key",
      request: {
        method: "POST",
        next: () => ({
          path: "/v1/profiles",
          body: uniqueName(),
          headers: { "idempotency-key": `bench-${process.pid}-${sequence}` },
        }),
      },
      account: bench.writer,
    },
  ];
}

/**
 * autocannon on loopback against the Driftstack server and the bare baseline,
 * both on the same database file, same connections and duration; rounds
 * alternate which side goes first.
 */
export async function throughput(
  config: BenchConfig,
  bench: BenchDatabase,
  ours: ServerProcess,
  bare: ServerProcess,
): Promise<Section> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const all = endpoints(bench, config);
  for (const endpoint of all) {
    const runs = await pairedLoad(config, { ours, bare }, endpoint, config.rounds);
    const rps = { ours: runs.ours.map((r) => r.requestsPerSecond), bare: runs.bare.map((r) => r.requestsPerSecond) };
    const p99 = { ours: runs.ours.map((r) => r.p99Ms), bare: runs.bare.map((r) => r.p99Ms) };
    rows.push({
      measure: `${endpoint.name}: req/s`,
      ours: count(median(rps.ours)),
      baseline: count(median(rps.bare)),
      ratio: pairedRatio(rps.ours, rps.bare),
      target: endpoint.target,
    });
    rows.push({
      measure: `${endpoint.name}: p99 latency`,
      ours: ms(median(p99.ours)),
      baseline: ms(median(p99.bare)),
      ratio: pairedRatio(
        p99.ours,
        p99.bare.map((v) => Math.max(v, 1)),
      ),
    });
  }
  const plain = all.find((endpoint) => endpoint.name === "POST /v1/profiles");
  const keyed = all.find((endpoint) => endpoint.name === "POST /v1/profiles with Idempotency-Key");
  if (plain && keyed) {
    // Both on Driftstack, in rounds of their own that alternate: what the key costs a POST (claim, stored answer).
    const [keyedRuns, plainRuns] = await alternatingLoad(
      config,
      [
        { server: ours, endpoint: keyed },
        { server: ours, endpoint: plain },
      ],
      config.rounds,
    );
    const rps = (runs: LoadResult[]) => runs.map((r) => r.requestsPerSecond);
    rows.push({
      measure: "POST with Idempotency-Key ÷ POST without: req/s",
      ours: count(median(rps(keyedRuns))),
      baseline: count(median(rps(plainRuns))),
      ratio: pairedRatio(rps(keyedRuns), rps(plainRuns)),
      target: { op: ">=", value: 0.8 },
    });
  }
  notes.push(
    `${config.connections} connections, ${config.rounds} round(s) of ${config.loadSeconds} s per side after a ${config.warmupSeconds} s warm-up; req/s and p99 are medians over rounds, ratios the median of each round's pair. autocannon's latency histogram has 1 ms resolution.`,
    `GET /v1/profiles/:id cycles through ${count(bench.reader.profileIds.length)} profiles; the list reads the first page of the same account. POST creates uniquely named profiles on an enterprise account without a cap, first without an Idempotency-Key, then with a fresh one per request, as the SDK sends on every POST (the baseline ignores the header); the keyed ÷ plain row comes from rounds of its own that alternate the two on Driftstack, since a commit waits on the disk and its speed drifts between runs.`,
  );
  return {
    title: "Server throughput",
    baseline:
      "a bare `@hono/node-server` fetch handler in its own process that runs the same single libSQL query (for POST: the same INSERT, autocommit) on the same database file, with no auth, router, validation, request id, transaction or audit entry.",
    rows,
    notes,
  };
}

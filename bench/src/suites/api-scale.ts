import type { createApp } from "@driftstack/server";
import type { BenchConfig } from "../config";
import { pairedLoad } from "../paired-load";
import { count, ms } from "../report/format";
import type { Row, Section } from "../report/types";
import type { ServerProcess } from "../servers/spawn";
import type { BenchAccount, BenchDatabase } from "../setup/bench-database";
import { seedProfiles } from "../setup/seed-profiles";
import { median, pairedRatio, since } from "../stats";
import { depthLatency, pageLatency } from "./pagination";

type App = ReturnType<typeof createApp>;

/** The largest point, too slow to seed and too big on disk (about 0.3 GB) for every run. */
const MILLION = 1_000_000;
const MILLION_ENV = "DRIFTSTACK_BENCH_1M";
/** Profiles GET by id cycles through at each size: a random sample, so reads spread over the whole table. */
const SAMPLED_IDS = 1_000;

interface Point {
  profiles: number;
  account: BenchAccount;
  seedMs: number;
  /** Whether the account was seeded for this suite (the others are the run's reader and deep accounts). */
  seededHere: boolean;
}

async function points(config: BenchConfig, bench: BenchDatabase, log: (line: string) => void): Promise<Point[]> {
  const list: Point[] = [
    { profiles: config.readProfiles, account: bench.reader, seedMs: bench.seedMs.reader, seededHere: false },
    { profiles: config.deepProfiles, account: bench.deep, seedMs: bench.seedMs.deep, seededHere: false },
  ];
  if (config.smoke || process.env[MILLION_ENV] !== "1") return list;
  const account = await bench.newAccount("enterprise", "bench-million");
  log(`seeding ${count(MILLION)} profiles…`);
  const started = performance.now();
  await seedProfiles(bench.db.client, { accountId: account.id, count: MILLION, namePrefix: "m", endMs: Date.now() });
  return [...list, { profiles: MILLION, account, seedMs: since(started), seededHere: true }];
}

async function sampleIds(bench: BenchDatabase, accountId: string): Promise<string[]> {
  const { rows } = await bench.db.client.execute({
    sql: "SELECT id FROM profiles WHERE account_id = ? ORDER BY random() LIMIT ?",
    args: [accountId, SAMPLED_IDS],
  });
  return rows.map((row) => String(row.id));
}

/** The cursor whose next page is the account's last full page: the oldest `pageSize` profiles. */
async function lastPageCursor(bench: BenchDatabase, accountId: string, pageSize: number): Promise<string> {
  const { rows } = await bench.db.client.execute({
    sql: "SELECT id FROM profiles WHERE account_id = ? ORDER BY created_at ASC, id ASC LIMIT 1 OFFSET ?",
    args: [accountId, pageSize],
  });
  return String(rows[0]?.id);
}

const sizeLabel = (n: number) => `${count(n)} profiles`;

/**
 * The read endpoints against the size of one account: GET by id and the first
 * list page under autocannon on both servers (as the throughput suite does),
 * and the latency of the first page against the last, at each size.
 */
export async function apiScale(
  config: BenchConfig,
  bench: BenchDatabase,
  app: App,
  servers: { ours: ServerProcess; bare: ServerProcess },
  log: (line: string) => void,
): Promise<Section> {
  const rows: Row[] = [];
  const seeds: string[] = [];
  const sizes = await points(config, bench, log);
  for (const point of sizes) {
    const { account, profiles } = point;
    const ids = await sampleIds(bench, account.id);
    let next = 0;
    const get = await pairedLoad(
      config,
      servers,
      {
        name: `GET /v1/profiles/:id at ${sizeLabel(profiles)}`,
        request: { method: "GET", next: () => ({ path: `/v1/profiles/${ids[next++ % ids.length]}` }) },
        account,
      },
      config.scaleRounds,
    );
    const firstPath = `/v1/profiles?limit=${config.pageSize}`;
    const list = await pairedLoad(
      config,
      servers,
      { name: `GET ${firstPath} at ${sizeLabel(profiles)}`, request: { method: "GET", path: firstPath }, account },
      config.scaleRounds,
    );
    const deepPath = `${firstPath}&cursor=${await lastPageCursor(bench, account.id, config.pageSize)}`;
    const pages = await depthLatency(
      (deep) => pageLatency(app, account.apiKey, deep ? deepPath : firstPath),
      config.depthSamples,
    );
    const rps = (runs: typeof get) => ({
      ours: runs.ours.map((r) => r.requestsPerSecond),
      bare: runs.bare.map((r) => r.requestsPerSecond),
    });
    const getRps = rps(get);
    const listRps = rps(list);
    rows.push(
      {
        measure: `${sizeLabel(profiles)}: GET /v1/profiles/:id req/s`,
        ours: count(median(getRps.ours)),
        baseline: count(median(getRps.bare)),
        ratio: pairedRatio(getRps.ours, getRps.bare),
      },
      {
        measure: `${sizeLabel(profiles)}: GET ${firstPath} req/s`,
        ours: count(median(listRps.ours)),
        baseline: count(median(listRps.bare)),
        ratio: pairedRatio(listRps.ours, listRps.bare),
      },
      {
        measure: `${sizeLabel(profiles)}: page 1 vs the last page, p50 (baseline column: page 1)`,
        ours: ms(pages.deep),
        baseline: ms(pages.first),
        ratio: pages.ratio,
      },
    );
    seeds.push(
      `${sizeLabel(profiles)}: ${point.seededHere ? "seeded by this suite" : "seeded at the start of the run"} in ${(point.seedMs / 1000).toFixed(1)} s (${count((profiles / point.seedMs) * 1000)} rows/s)`,
    );
  }
  const skipped =
    config.smoke || sizes.some((p) => p.profiles === MILLION)
      ? []
      : [
          `${sizeLabel(MILLION)}: skipped: seeding takes tens of seconds and about 0.3 GB of disk; set ${MILLION_ENV}=1 to measure it.`,
        ];
  if (skipped.length > 0) log(skipped[0] as string);
  return {
    title: "API at scale: reads against the number of profiles in one account",
    baseline:
      "the bare `@hono/node-server` + libSQL handler of the throughput section, on the same account of the same database file (req/s rows); for page latency, page 1 of the same account.",
    rows,
    notes: [
      `Each size is one account of the run's database; req/s: ${config.connections} connections, ${config.scaleRounds} round(s) of ${config.loadSeconds} s per side after a ${config.warmupSeconds} s warm-up, medians and the median of paired ratios. GET by id cycles through ${count(SAMPLED_IDS)} ids sampled at random from the account (fewer where it has fewer); the list reads its first page.`,
      `Page latency: medians of ${config.depthSamples} alternating samples of page 1 and the account's last full page (its ${count(config.pageSize)} oldest profiles, by cursor), through \`app.fetch\` in this process.`,
      `Seeding (SQL in batched write transactions, as setup/ does): ${seeds.join("; ")}.`,
      ...skipped,
    ],
  };
}

import type { createApp } from "@driftstack/server";
import type { BenchConfig } from "../config";
import { type MemoryReport, sampleMemory } from "../memory";
import { count, mib, ms } from "../report/format";
import type { Row, Section } from "../report/types";
import type { ServerProcess } from "../servers/spawn";
import type { BenchDatabase } from "../setup/bench-database";
import { median, pairedRatio, since, timed } from "../stats";
import { depthQueries } from "./depth-queries";
import { bareWalk, sdkWalk, type Walk } from "./walks";

type App = ReturnType<typeof createApp>;

/** Heap kept after walking every page and a full GC, above which the walk is not streaming. */
const FLAT_HEAP_BYTES = 5 * 1024 * 1024;

export async function pageLatency(app: App, apiKey: string, path: string): Promise<number> {
  return timed(async () => {
    const headers = { authorization: `Bearer ${apiKey}` };
    const res = await app.fetch(new Request(`http://bench.local${path}`, { headers }));
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    await res.text();
  });
}

/** Medians of alternating samples of the first page and a deep one. */
export async function depthLatency(sample: (deep: boolean) => Promise<number>, samples: number) {
  const first: number[] = [];
  const deep: number[] = [];
  for (let i = 0; i < samples; i++) {
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const isDeep of order) (isDeep ? deep : first).push(await sample(isDeep));
  }
  return { first: median(first), deep: median(deep), ratio: median(deep) / median(first) };
}

function growth(memories: MemoryReport[]): string {
  const worst = (f: (m: MemoryReport) => number) => Math.max(...memories.map(f));
  const retained = worst((m) => m.heapAfter - m.heapBefore);
  return `peak RSS +${mib(worst((m) => m.rssPeak - m.rssBefore))}, peak heap +${mib(worst((m) => m.heapPeak - m.heapBefore))} (garbage not yet collected), heap kept after a full GC ${retained >= 0 ? "+" : ""}${mib(retained)}`;
}

export async function pagination(
  config: BenchConfig,
  bench: BenchDatabase,
  app: App,
  ours: ServerProcess,
): Promise<Section> {
  const { apiKey } = bench.deep;
  const walks: Walk[] = [];
  const bareMs: number[] = [];
  const memories: MemoryReport[] = [];
  const serverBefore = await ours.memory();
  const walking = performance.now();
  for (
    let round = 0;
    round < config.rounds && (round === 0 || since(walking) < config.walkBudgetSeconds * 1000);
    round++
  ) {
    if (round % 2 === 1) bareMs.push(await bareWalk(ours, apiKey, config));
    const { result, memory } = await sampleMemory(() => sdkWalk(ours, apiKey, config));
    walks.push(result);
    memories.push(memory);
    if (round % 2 === 0) bareMs.push(await bareWalk(ours, apiKey, config));
  }
  const serverAfter = await ours.memory();
  const walk = walks[0] as Walk;
  if (!walk.deepCursor) throw new Error("the walk ended before the deep page");
  const deepPath = `/v1/profiles?limit=${config.pageSize}&cursor=${walk.deepCursor}`;
  const firstPath = `/v1/profiles?limit=${config.pageSize}`;
  const http = await depthLatency((deep) => pageLatency(app, apiKey, deep ? deepPath : firstPath), config.depthSamples);
  const sql = await depthQueries(bench.db.client, bench.deep.id, walk.deepCursor, config.pageSize);
  const bareSql = await depthLatency((deep) => timed(() => sql.run(deep ? "deep" : "first")), config.depthSamples);
  const orForm = await depthLatency((deep) => timed(() => sql.run(deep ? "deepOr" : "first")), config.depthSamples);
  const walkMs = walks.map((w) => w.ms);
  const deepPage = `page ${count(config.deepPage)}`;
  const rows: Row[] = [
    {
      measure: `page 1 vs ${deepPage} (limit ${config.pageSize}), latency through the app`,
      ours: `${ms(http.first)} vs ${ms(http.deep)}`,
      baseline: "page 1",
      ratio: http.ratio,
      target: { op: "<=", value: 1.3 },
    },
    {
      measure: "the same two pages, the server's SQL alone",
      ours: `${ms(bareSql.first)} vs ${ms(bareSql.deep)}`,
      baseline: "page 1",
      ratio: bareSql.ratio,
    },
    {
      measure: "the same two pages, the keyset written as an OR (for comparison, not what the server runs)",
      ours: `${ms(orForm.first)} vs ${ms(orForm.deep)}`,
      baseline: "page 1",
      ratio: orForm.ratio,
    },
    {
      measure: `walk all ${count(config.deepProfiles)} with the SDK's \`for await\``,
      ours: ms(median(walkMs)),
      baseline: ms(median(bareMs)),
      ratio: pairedRatio(walkMs, bareMs),
    },
  ];
  const complete = walks.every((w) => w.ordered && w.items === config.deepProfiles);
  const notes = [
    `Walk: ${count(walk.items)} items in ${count(Math.ceil(walk.items / config.pageSize))} pages over loopback HTTP, ${complete ? "every item once, newest first" : "**items missing, repeated or out of order**"}; ${count((walk.items / median(walkMs)) * 1000)} items/s; ${walks.length} round(s) (walk rounds stop after ${config.walkBudgetSeconds} s). Its baseline is bare \`fetch\` + \`JSON.parse\` following \`next_cursor\` against the same server: the ratio is the SDK's share.`,
    `Walk memory (this process, sampled every 20 ms, worst round): ${growth(memories)}. The server process's RSS: ${mib(serverBefore.rss)} before the walks, ${mib(serverAfter.rss)} after.`,
    `Query plans, the profiles step (EXPLAIN QUERY PLAN). Page 1: \`${sql.plans.first}\`. ${deepPage} as the server writes the cursor, \`(created_at, id) < (?, ?)\`: \`${sql.plans.deep}\`. Written as \`created_at < ? OR (created_at = ? AND id < ?)\`: \`${sql.plans.deepOr}\`; ${sql.sameRows ? "it returns the same rows" : "**it returns different rows**"}.`,
    `Latencies are medians of ${config.depthSamples} alternating samples per page, in this process (\`app.fetch\`, no network).`,
  ];
  const kept = Math.max(...memories.map((m) => m.heapAfter - m.heapBefore));
  const problems = [
    ...(complete ? [] : ["the SDK walk missed, repeated or misordered profiles"]),
    ...(kept > FLAT_HEAP_BYTES ? [`the SDK walk kept ${mib(kept)} of heap after a full GC: memory is not flat`] : []),
  ];
  return {
    title: "Pagination at depth",
    problems,
    baseline: `the first page of the same ${count(config.deepProfiles)}-profile account, measured alternately with the deep page; for the walk, a bare fetch loop.`,
    rows,
    notes,
  };
}

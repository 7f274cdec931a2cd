import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchConfig } from "../config";
import { type LoadedEndpoint, measure } from "../paired-load";
import { type CpuProfile, type ProfileSummary, type Share, summarise } from "../profile/summarise";
import { count } from "../report/format";
import type { ServerProcess } from "../servers/spawn";
import type { BenchDatabase } from "../setup/bench-database";

interface Profiled {
  summary: ProfileSummary;
  requestsPerSecond: number;
}

function table(heading: string, shares: Share[]): string[] {
  return [
    `| ${heading} | share of busy samples |`,
    "|---|---:|",
    ...shares.map((s) => `| ${s.name.replaceAll("|", "\\|")} | ${s.percent.toFixed(1)} % |`),
    "",
  ];
}

/** CPU µs per request in an area: its share of the busy samples × busy time per request. */
function perRequest(run: Profiled, area: string): number {
  const share = run.summary.areas.find((a) => a.name === area)?.percent ?? 0;
  return (share / 100) * (1 - run.summary.idlePercent / 100) * (1e6 / run.requestsPerSecond);
}

function areaTable(ours: Profiled, bare: Profiled): string[] {
  const areas = [...new Set([...ours.summary.areas, ...bare.summary.areas].map((a) => a.name))];
  const rows = areas
    .map((area) => ({ area, ours: perRequest(ours, area), bare: perRequest(bare, area) }))
    .sort((a, b) => b.ours - a.ours);
  const total = (run: Profiled) => (1 - run.summary.idlePercent / 100) * (1e6 / run.requestsPerSecond);
  return [
    "| area (self time, native code counted with its caller) | Driftstack, CPU µs per request | baseline, CPU µs per request |",
    "|---|---:|---:|",
    ...rows.map((r) => `| ${r.area} | ${count(r.ours)} | ${count(r.bare)} |`),
    `| **total** | **${count(total(ours))}** | **${count(total(bare))}** |`,
    "",
  ];
}

function profiledRoutes(bench: BenchDatabase): LoadedEndpoint[] {
  const ids = bench.reader.profileIds;
  let next = 0;
  let created = 0;
  return [
    {
      name: "GET /v1/profiles/:id",
      account: bench.reader,
      request: { method: "GET", next: () => ({ path: `/v1/profiles/${ids[next++ % ids.length]}` }) },
    },
    {
      name: "POST /v1/profiles",
      account: bench.writer,
      request: {
        method: "POST",
        next: () => ({ path: "/v1/profiles", body: JSON.stringify({ name: `profiled-${process.pid}-${created++}` }) }),
      },
    },
    {
      name: "POST /v1/profiles with Idempotency-Key",
      account: bench.writer,
      request: {
        method: "POST",
        next: () => ({
          path: "/v1/profiles",
          body: JSON.stringify({ name: `profiled-${process.pid}-${created++}` }),
          headers: { "idempotency-key": `profiled-${process.pid}-${created}` },
        }),
      },
    },
  ];
}

/** Warms the server up, then runs V8's sampling profiler in it while autocannon drives `route`. */
async function profileServer(
  server: ServerProcess,
  route: LoadedEndpoint,
  config: BenchConfig,
  dir: string,
): Promise<Profiled> {
  await measure(server, route, config.warmupSeconds, config);
  const profiler = await server.profile();
  const result = await measure(server, route, config.profileSeconds, config);
  const path = join(dir, `${server.kind}.cpuprofile`);
  await profiler.stop(path);
  const summary = summarise(JSON.parse(readFileSync(path, "utf8")) as CpuProfile);
  return { summary, requestsPerSecond: result.requestsPerSecond };
}

async function routeProfile(
  route: LoadedEndpoint,
  config: BenchConfig,
  servers: { ours: ServerProcess; bare: ServerProcess },
  dir: string,
): Promise<string[]> {
  const profiled = await profileServer(servers.ours, route, config, dir);
  const baseline = await profileServer(servers.bare, route, config, dir);
  const { summary } = profiled;
  return [
    `## Where the time goes: \`${route.name}\``,
    "",
    `V8's sampling profiler in each server process, after a warm-up, while autocannon drove it for ${config.profileSeconds} s: Driftstack at ${count(profiled.requestsPerSecond)} req/s (${count(summary.busySamples)} busy samples, idle ${summary.idlePercent.toFixed(0)} %), the baseline at ${count(baseline.requestsPerSecond)} req/s (idle ${baseline.summary.idlePercent.toFixed(0)} %). The profiler slows both. CPU µs per request = an area's share of the busy samples × busy time ÷ requests; on a write, a commit's wait for the disk (libSQL runs it on the event loop's thread) counts as busy time under libSQL, on both sides.`,
    "",
    ...areaTable(profiled, baseline),
    "Driftstack's hottest functions (self time; native frames are named with their caller, since libSQL's native code all shows under one symbol):",
    "",
    ...table("function", summary.self),
    "Driftstack functions by inclusive time (once per sample in which they are on the stack; a middleware's share includes what runs synchronously under its `next()`):",
    "",
    ...table("function", summary.inclusive),
  ];
}

/** Where the Driftstack server's CPU goes on a read and on a write, each beside the bare baseline's. */
export async function cpuProfile(
  config: BenchConfig,
  bench: BenchDatabase,
  ours: ServerProcess,
  bare: ServerProcess,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "driftstack-cpu-"));
  try {
    const sections: string[] = [];
    for (const route of profiledRoutes(bench))
      sections.push(...(await routeProfile(route, config, { ours, bare }, dir)));
    return sections.join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

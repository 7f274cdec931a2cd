import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchConfig } from "../config";
import { type LoadOptions, load } from "../load";
import { type CpuProfile, type Share, summarise } from "../profile/summarise";
import { count } from "../report/format";
import type { ServerProcess } from "../servers/spawn";
import type { BenchDatabase } from "../setup/bench-database";

function table(heading: string, shares: Share[]): string[] {
  return [
    `| ${heading} | share of busy samples |`,
    "|---|---:|",
    ...shares.map((s) => `| ${s.name.replaceAll("|", "\\|")} | ${s.percent.toFixed(1)} % |`),
    "",
  ];
}

/**
 * Profiles the Driftstack server (V8's sampling profiler, started after a
 * warm-up) while autocannon drives `GET /v1/profiles/:id`, and summarises
 * where its CPU time went.
 */
export async function cpuProfile(config: BenchConfig, bench: BenchDatabase, ours: ServerProcess): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "driftstack-cpu-"));
  const ids = bench.reader.profileIds;
  let next = 0;
  const options = (seconds: number): LoadOptions => ({
    url: ours.url,
    seconds,
    connections: config.connections,
    headers: { authorization: `Bearer ${bench.reader.apiKey}` },
    request: { method: "GET", next: () => ({ path: `/v1/profiles/${ids[next++ % ids.length]}` }) },
  });
  try {
    await load(options(config.warmupSeconds));
    const profiler = await ours.profile();
    const result = await load(options(config.profileSeconds));
    const path = join(dir, "server.cpuprofile");
    await profiler.stop(path);
    const summary = summarise(JSON.parse(readFileSync(path, "utf8")) as CpuProfile);
    return [
      "## Where the time goes: `GET /v1/profiles/:id`",
      "",
      `V8's sampling profiler in the Driftstack server process while autocannon sent ${count(result.requestsPerSecond)} req/s for ${config.profileSeconds} s, after a warm-up (${count(summary.busySamples)} busy samples; idle ${summary.idlePercent.toFixed(0)} % of the time). Shares are of the busy samples. Inclusive shares count a function once per sample in which it is on the stack; a middleware's share includes what runs synchronously under its \`next()\`.`,
      "",
      ...table("area (self time)", summary.areas),
      ...table("function (self time)", summary.self),
      ...table("Driftstack function (inclusive)", summary.inclusive),
    ].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

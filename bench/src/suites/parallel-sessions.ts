import { createApp, SessionService, systemClock } from "@driftstack/server";
import { availableEngines, driverFor, type EngineInstall } from "../../../packages/server/src/driver/select";
import type { BenchConfig } from "../config";
import { type TreeMemory, treeMemory } from "../process-tree";
import { mib, ms, perSecond } from "../report/format";
import type { Row, Section } from "../report/types";
import { type ApiClient, apiClient } from "../sessions/api";
import type { BenchDatabase } from "../setup/bench-database";
import { median, percentile, since } from "../stats";

/** A create that has not answered in this long counts as failed (it may still finish: it is then destroyed). */
const CREATE_TIMEOUT_MS = 180_000;

const ENGINES = {
  chromium: { name: "Chromium", find: (i: EngineInstall) => i.engine === "chromium" },
  webkitgtk: { name: "WebKitGTK", find: (i: EngineInstall) => i.backend === "webkitgtk" },
} as const;

interface Burst {
  n: number;
  /** create → active of each session that got there in time. */
  opened: number[];
  failures: string[];
  wallMs: number;
  idle: TreeMemory;
  active: TreeMemory;
  destroyMs: number;
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms).unref());
}

/** Opens `n` sessions at once on new profiles, samples the process tree while all are active, then destroys them. */
async function burst(api: ApiClient, settled: () => Promise<void>, n: number, round: number): Promise<Burst> {
  const profiles = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      api<{ id: string }>("POST", "/v1/profiles", { name: `parallel-${n}-${round}-${i}` }),
    ),
  );
  await settled();
  const idle = treeMemory();
  const started = performance.now();
  const creates = profiles.map(async (profile) => {
    const t0 = performance.now();
    const session = await api<{ id: string; status: string }>("POST", "/v1/sessions", { profile_id: profile.id });
    if (session.status !== "active") throw new Error(`session ${session.id} is ${session.status}`);
    return { id: session.id, ms: since(t0) };
  });
  const answers = await Promise.allSettled(creates.map((c) => Promise.race([c, timeout(CREATE_TIMEOUT_MS)])));
  const wallMs = since(started);
  await settled();
  const active = treeMemory();
  const opened = answers.flatMap((a) => (a.status === "fulfilled" ? [a.value.ms] : []));
  const failures = answers.flatMap((a) => (a.status === "rejected" ? [String(a.reason?.message ?? a.reason)] : []));
  // Late sessions count as failures above but must still end: wait for every create before destroying.
  const sessions = (await Promise.allSettled(creates)).flatMap((a) => (a.status === "fulfilled" ? [a.value.id] : []));
  const destroying = performance.now();
  await Promise.allSettled(sessions.map((id) => api("DELETE", `/v1/sessions/${id}`)));
  return { n, opened, failures, wallMs, idle, active, destroyMs: since(destroying) };
}

/**
 * Sessions opened in parallel on one engine, with the server's active-session
 * cap raised to the largest burst: create → active, sessions started per
 * second, and the memory each active session adds to this process and its
 * browsers. Each point is compared with the smallest burst of the same run.
 */
export async function parallelSessions(
  config: BenchConfig,
  bench: BenchDatabase,
  which: keyof typeof ENGINES,
): Promise<Section> {
  const engine = ENGINES[which];
  const title = `Sessions in parallel (${engine.name})`;
  const baseline = `the same measure at ${config.parallelCurve[0]} in parallel, in the same run`;
  const install = availableEngines().find(engine.find);
  if (!install) return { title, baseline, rows: [], notes: [`skipped: ${engine.name} is not installed here`] };
  const driver = driverFor(install);
  const maxActive = Math.max(...config.parallelCurve);
  const sessions = new SessionService({ db: bench.db, driver, clock: systemClock, maxActive });
  const app = createApp({ db: bench.db, sessions });
  const account = await bench.newAccount("enterprise", `bench-parallel-${which}`);
  const api = apiClient(app, account.apiKey);
  const bursts: Burst[][] = [];
  try {
    // The first launch of an engine (libraries from disk, font caches) is not a parallel cost; smoke saves the time.
    if (!config.smoke) await burst(api, () => driver.warmPool.settled(), 1, -1);
    for (const n of config.parallelCurve) {
      const rounds: Burst[] = [];
      for (let round = 0; round < config.parallelRounds; round++) {
        rounds.push(await burst(api, () => driver.warmPool.settled(), n, round));
      }
      bursts.push(rounds);
    }
  } finally {
    await driver.close();
  }
  return { title, baseline, rows: curveRows(bursts), notes: notes(config, maxActive, bursts) };
}

function summarise(rounds: Burst[]) {
  const opened = rounds.flatMap((b) => b.opened);
  const ok = opened.length;
  // A burst where nothing became active has no per-session figure.
  const perSession = (f: (m: TreeMemory) => number) =>
    median(rounds.flatMap((b) => (b.opened.length > 0 ? [(f(b.active) - f(b.idle)) / b.opened.length] : [])));
  return {
    n: rounds[0]?.n ?? 0,
    ok,
    tried: rounds.reduce((sum, b) => sum + b.n, 0),
    p50: median(opened),
    p95: percentile(opened, 95),
    rate: median(rounds.map((b) => (b.opened.length / b.wallMs) * 1000)),
    rss: perSession((m) => m.rssBytes),
    pss: perSession((m) => m.pssBytes),
    destroy: median(rounds.map((b) => b.destroyMs)),
  };
}

const memory = (p: { rss: number; pss: number }) => (Number.isFinite(p.rss) ? `${mib(p.rss)} (${mib(p.pss)})` : "n/a");

/** "12 × 503 BrowserUnavailable (…)": a burst's failures grouped by what they said, status and code first. */
function groupFailures(failures: string[]): string {
  const groups = new Map<string, number>();
  for (const failure of failures) {
    const key = failure.replace(/"request_id":"[^"]*"/, "").slice(0, 400);
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([message, n]) => `${n} × ${message}`).join("; ");
}

function curveRows(bursts: Burst[][]): Row[] {
  const points = bursts.map(summarise);
  const first = points[0];
  if (!first) return [];
  return points.flatMap((p) => [
    {
      measure: `${p.n} in parallel (${p.ok} of ${p.tried} active): create → active p50 / p95`,
      ours: `${ms(p.p50)} / ${ms(p.p95)}`,
      baseline: `${ms(first.p50)} / ${ms(first.p95)}`,
      ratio: p.p50 / first.p50,
    },
    {
      measure: `${p.n} in parallel: sessions started per second`,
      ours: perSecond(p.rate),
      baseline: perSecond(first.rate),
      ratio: p.rate / first.rate,
    },
    {
      measure: `${p.n} in parallel: memory per active session, RSS (PSS)`,
      ours: memory(p),
      baseline: memory(first),
      ratio: p.rss / first.rss,
    },
    {
      measure: `${p.n} in parallel: destroy all (persist), wall time`,
      ours: ms(p.destroy),
      baseline: ms(first.destroy),
      ratio: p.destroy / first.destroy,
    },
  ]);
}

function notes(config: BenchConfig, maxActive: number, bursts: Burst[][]): string[] {
  const failures = bursts.map((rounds) => ({ n: rounds[0]?.n, failures: rounds.flatMap((b) => b.failures) }));
  const failed = failures.filter((f) => f.failures.length > 0);
  const sample = bursts.flat().at(-1);
  return [
    `Each point: ${config.parallelRounds} round(s) of N creates at once (\`POST /v1/sessions\` on N new profiles with empty state, through \`app.fetch\` in this process), with the server's active-session cap (\`DRIFTSTACK_MAX_SESSIONS\`, \`maxActive\`) raised to ${maxActive}; latencies are over every session of the rounds; sessions/s is the sessions that became active ÷ the wall time until the last answered, the median over rounds. A create with no answer in ${CREATE_TIMEOUT_MS / 1000} s counts as failed.`,
    `Memory: VmRSS and Pss summed over this process and every descendant (the browsers, their helpers, and the benchmark's two server processes, which idle), sampled once all N are active and the warm pool (DRIFTSTACK_WARM_SESSIONS=${process.env.DRIFTSTACK_WARM_SESSIONS ?? "unset"}) has refilled, minus the same sum just before the creates, ÷ the sessions that became active. RSS counts a page shared by several processes once per process; PSS splits it, so PSS is the real cost.${sample ? ` The last burst's tree: ${sample.idle.processes} processes idle, ${sample.active.processes} with ${sample.n} active.` : ""}`,
    failed.length === 0
      ? "Every create became active in time."
      : `Failed creates, by burst size: ${failed.map((f) => `at ${f.n}: ${groupFailures(f.failures)}`).join(". ")}.`,
  ];
}

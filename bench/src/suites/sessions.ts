import { createApp } from "@driftstack/server";
import { availableEngines, driverFor, type EngineInstall } from "../../../packages/server/src/driver/select";
import type { BenchConfig } from "../config";
import { count, mib, ms, perSecond } from "../report/format";
import type { Row, Section } from "../report/types";
import { type ApiClient, apiClient } from "../sessions/api";
import { RawBrowser } from "../sessions/raw-browser";
import { RawWebDriver } from "../sessions/raw-webdriver";
import { startSite } from "../sessions/site";
import type { BenchDatabase } from "../setup/bench-database";
import { median, pairedRatio, since, timed } from "../stats";

interface Side {
  /** create → active; returns the session to end. */
  open(profile: { id: string; state: string | null }): Promise<unknown>;
  /** destroy with persist. */
  close(session: unknown): Promise<void>;
}

let names = 0;

function driftstackSide(api: ApiClient): Side & { newProfile(): Promise<string> } {
  return {
    async newProfile() {
      return (await api<{ id: string }>("POST", "/v1/profiles", { name: `session-${names++}` })).id;
    },
    async open(profile) {
      const session = await api<{ id: string; status: string }>("POST", "/v1/sessions", { profile_id: profile.id });
      if (session.status !== "active") throw new Error(`session ${session.id} is ${session.status}, not active`);
      return session.id;
    },
    async close(session) {
      await api("DELETE", `/v1/sessions/${session as string}`);
    },
  };
}

/** What a baseline does for one session by hand: open from a stored state, persist and close. */
interface RawEngine {
  open(stateJson: string | null): Promise<unknown>;
  persistAndClose(session: never): Promise<string>;
  close(): Promise<void>;
}

function rawSide(raw: RawEngine): Side {
  return {
    open: (profile) => raw.open(profile.state),
    close: async (context) => {
      await raw.persistAndClose(context as never);
    },
  };
}

/** One create → destroy cycle, timing both halves. */
async function cycle(side: Side, profile: { id: string; state: string | null }) {
  let session: unknown;
  const open = await timed(async () => {
    session = await side.open(profile);
  });
  const close = await timed(() => side.close(session));
  return { open, close };
}

/** Sessions completed per second by `workers` loops of create → destroy, one profile each. */
async function parallelRate(side: Side, profiles: string[], seconds: number): Promise<number> {
  const start = performance.now();
  let done = 0;
  await Promise.all(
    profiles.map(async (id) => {
      do {
        await cycle(side, { id, state: null });
        done++;
      } while (since(start) < seconds * 1000);
    }),
  );
  return (done / since(start)) * 1000;
}

/** Writes `chars` characters to localStorage in a session on a loopback page, then destroys it so that it persists. */
async function bigProfile(api: ApiClient, side: ReturnType<typeof driftstackSide>, siteUrl: string, chars: number) {
  const id = await side.newProfile();
  const session = (await side.open({ id, state: null })) as string;
  await api("POST", `/v1/sessions/${session}/goto`, { url: siteUrl });
  await api("POST", `/v1/sessions/${session}/evaluate`, {
    expression: `localStorage.setItem("bench", "x".repeat(${chars})); localStorage.getItem("bench").length`,
  });
  await side.close(session);
  return { id, bytes: (await api<{ state_bytes: number }>("GET", `/v1/profiles/${id}`)).state_bytes };
}

/** How each engine is measured: the baseline that does the same browser work by hand. */
const ENGINES = {
  chromium: {
    title: "Sessions (real Chromium)",
    missing: "skipped: no Chromium here (`apt-get install -y chromium`, or set DRIFTSTACK_BROWSER_EXECUTABLE)",
    baseline:
      "raw Playwright on a second copy of the same Chromium, launched and connected the way the driver does it: `newContext` with the archetype's device figures + `newPage`, then `storageState({ indexedDB: true })` + `close`, with no HTTP, database, writer queue or audit.",
    find: (install: EngineInstall) => install.engine === "chromium",
    raw: (install: EngineInstall): Promise<RawEngine> => RawBrowser.launch(install.executablePath),
    parallel: true,
  },
  webkitgtk: {
    title: "Sessions (real WebKit: WebKitGTK)",
    missing:
      "skipped: no WebKitGTK here (`apt-get install -y webkit2gtk-driver gir1.2-webkit2-4.1 python3-gi xvfb xauth`)",
    baseline:
      "raw W3C WebDriver calls on the same WebKitGTK: a WebKitWebDriver and a new session with the same launcher (archetype viewport, scale, user agent), the state restored by visiting its origin (Add Cookie, localStorage through Execute Script) and persisted by Get All Cookies + the page's storage, then Delete Session, with no HTTP, database, writer queue or audit.",
    find: (install: EngineInstall) => install.backend === "webkitgtk",
    raw: (install: EngineInstall, siteUrl?: string): Promise<RawEngine> =>
      RawWebDriver.launch(install.executablePath, siteUrl ?? ""),
    parallel: false,
  },
} as const;

export async function sessions(
  config: BenchConfig,
  bench: BenchDatabase,
  which: keyof typeof ENGINES,
): Promise<Section> {
  const engine = ENGINES[which];
  const title = engine.title;
  const install = availableEngines().find(engine.find);
  if (!install) {
    console.log(`Sessions ${engine.missing}`);
    return { title, baseline: engine.baseline, rows: [], notes: [engine.missing] };
  }
  const driver = driverFor(install);
  const app = createApp({ db: bench.db, driver });
  const account = await bench.newAccount("enterprise", "bench-sessions");
  const api = apiClient(app, account.apiKey);
  const ours = driftstackSide(api);
  const site = await startSite();
  const raw = await engine.raw(install, site.url);
  try {
    const big = await bigProfile(api, ours, site.url, config.stateBytes);
    const bigState = await bench.db.client.execute({
      sql: "SELECT s.data FROM profiles p JOIN browser_states s ON s.id = p.state_id WHERE p.id = ?",
      args: [big.id],
    });
    const bigJson = String(bigState.rows[0]?.data);
    const rawSideOf = rawSide(raw);
    await cycle(rawSideOf, { id: "", state: bigJson });
    const empty = { ours: [] as number[], raw: [] as number[] };
    const full = { ours: [] as number[], raw: [] as number[] };
    const destroyEmpty = { ours: [] as number[], raw: [] as number[] };
    const destroyFull = { ours: [] as number[], raw: [] as number[] };
    for (let round = 0; round < config.sessionRounds; round++) {
      const order = round % 2 === 0 ? (["ours", "raw"] as const) : (["raw", "ours"] as const);
      for (const who of order) {
        const side = who === "ours" ? ours : rawSideOf;
        for (let i = 0; i < config.sessionCycles; i++) {
          const id = who === "ours" ? await ours.newProfile() : "";
          const a = await cycle(side, { id, state: null });
          empty[who].push(a.open);
          destroyEmpty[who].push(a.close);
          const b = await cycle(side, { id: big.id, state: bigJson });
          full[who].push(b.open);
          destroyFull[who].push(b.close);
        }
      }
    }
    const parallel = { ours: [] as number[], raw: [] as number[] };
    const profiles = engine.parallel
      ? await Promise.all(Array.from({ length: config.parallelSessions }, () => ours.newProfile()))
      : [];
    for (let round = 0; engine.parallel && round < config.sessionRounds; round++) {
      const order = round % 2 === 0 ? (["ours", "raw"] as const) : (["raw", "ours"] as const);
      for (const who of order) {
        parallel[who].push(await parallelRate(who === "ours" ? ours : rawSideOf, profiles, config.parallelSeconds));
      }
    }
    const row = (measure: string, s: { ours: number[]; raw: number[] }): Row => ({
      measure,
      ours: ms(median(s.ours)),
      baseline: ms(median(s.raw)),
      ratio: median(s.ours) / median(s.raw),
    });
    const after = await api<{ state_bytes: number }>("GET", `/v1/profiles/${big.id}`);
    return {
      title,
      baseline: engine.baseline,
      rows: [
        row(`create → active, empty state${engine.parallel ? ", warm browser" : ""}`, empty),
        row(`create → active, ${mib(big.bytes)} stored state`, full),
        row("destroy (persist), empty state", destroyEmpty),
        row(`destroy (persist), ${mib(big.bytes)} state`, destroyFull),
        ...(engine.parallel
          ? [
              {
                measure: `sessions per second, ${config.parallelSessions} profiles in parallel (create → destroy loops)`,
                ours: perSecond(median(parallel.ours)),
                baseline: perSecond(median(parallel.raw)),
                ratio: pairedRatio(parallel.ours, parallel.raw),
              },
            ]
          : []),
      ],
      notes: [
        `Latencies: medians of ${count(config.sessionRounds * config.sessionCycles)} cycles per side (${config.sessionRounds} round(s) of ${config.sessionCycles}, sides alternating), through \`app.fetch\` in this process; the empty-state cycles use a new profile each. The big state was made by a session that wrote ${count(config.stateBytes)} characters to localStorage on a loopback page; its stored state is ${count(big.bytes)} bytes, ${count(after.state_bytes)} after the benchmark's sessions persisted it again.`,
        `Parallel${engine.parallel ? "" : " (not measured on this engine: each WebKitGTK session is a whole browser)"}: ${config.parallelSessions} loops for ${config.parallelSeconds} s per side per round (the server's default limit is 8 active sessions); the ratio is the median of each round's pair. Latency ratios are ratios of the medians.`,
      ],
    };
  } finally {
    await raw.close();
    await driver.close();
    await site.close();
  }
}

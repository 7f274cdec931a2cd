import { createApp } from "@driftstack/server";
import {
  availableEngines,
  driverFor,
  type EngineInstall,
  type RealDriver,
} from "../../../packages/server/src/driver/select";
import { DEFAULT_WARM_SESSIONS } from "../../../packages/server/src/driver/warm-pool";
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
  /** Untimed, before each create: our side waits for its warm pool to refill, as it would between arrivals. */
  ready?(): Promise<void>;
  /** create → active; returns the session to end. */
  open(profile: { id: string; state: string | null }): Promise<unknown>;
  /** destroy with persist. */
  close(session: unknown): Promise<void>;
}

let names = 0;

function driftstackSide(api: ApiClient, driver: RealDriver): Side & { newProfile(): Promise<string> } {
  return {
    ready: () => driver.warmPool.settled(),
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

/** One create → destroy cycle, timing both halves; `waitReady` off for loops that model back-to-back arrivals. */
async function cycle(side: Side, profile: { id: string; state: string | null }, waitReady = true) {
  let session: unknown;
  if (waitReady) await side.ready?.();
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
        await cycle(side, { id, state: null }, false);
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
  const ours = driftstackSide(api, driver);
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
    const imported = { ours: [] as number[], raw: [] as number[] };
    const importedId = await ours.newProfile();
    // An imported state has no native layer: the session restores it portably, on a warm browser.
    const reimport = () => api("PUT", `/v1/profiles/${importedId}/state`, JSON.parse(bigJson));
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
          if (who === "ours") await reimport();
          imported[who].push((await cycle(side, { id: importedId, state: bigJson })).open);
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
    const row = (measure: string, s: { ours: number[]; raw: number[] }, target?: Row["target"]): Row => ({
      measure,
      ours: ms(median(s.ours)),
      baseline: ms(median(s.raw)),
      ratio: median(s.ours) / median(s.raw),
      target,
    });
    const after = await api<{ state_bytes: number }>("GET", `/v1/profiles/${big.id}`);
    return {
      title,
      baseline: engine.baseline,
      rows: [
        row("create → active, empty state (warm pool)", empty, { op: "<=", value: 0.5 }),
        row(`create → active, ${mib(big.bytes)} imported state (portable restore, warm pool)`, imported, {
          op: "<=",
          value: 0.8,
        }),
        row(`create → active, ${mib(big.bytes)} stored state (full restore: launches its own browser)`, full),
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
        `Warm pool: DRIFTSTACK_WARM_SESSIONS=${process.env.DRIFTSTACK_WARM_SESSIONS ?? `unset (${DEFAULT_WARM_SESSIONS})`}; before each timed create our side waits (untimed) for the pool to refill, as it has time to between arrivals. A session restored in full (its profile has this engine's native layer) never takes a warm browser: its archive must be in the data directory before launch. The imported-state row re-imports the same state (\`PUT /v1/profiles/:id/state\`, untimed) before each cycle, so every session restores it portably, as a profile made elsewhere or on the other engine does.`,
        `Parallel${engine.parallel ? "" : " (not measured on this engine: each WebKitGTK session is a whole browser)"}: ${config.parallelSessions} loops for ${config.parallelSeconds} s per side per round (the server's default limit is 8 active sessions); the ratio is the median of each round's pair. Latency ratios are ratios of the medians.`,
      ],
    };
  } finally {
    await raw.close();
    await driver.close();
    await site.close();
  }
}

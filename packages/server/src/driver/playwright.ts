import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, webkit } from "playwright-core";
import type { Archetype } from "../domain/archetypes";
import { chromiumExclude, DataDir } from "./data-dir";
import { oneLine, PlaywrightContextHandle } from "./playwright-context";
import { readStorageState, type StorageState } from "./state";
import { type BrowserDriver, DriverError, type NativeState, restoredFrom, type StoredState } from "./types";
import { NO_BROWSERS, WarmPool, type WarmPoolView } from "./warm-pool";

export { PLAYWRIGHT_STATE_FORMAT } from "./state";

/** What Debian's Chromium needs to run headless in a container (TOOLCHAIN.md, "Browsers"). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const LAUNCH_TIMEOUT_MS = 30_000;

export interface PlaywrightDriverOptions {
  engine: "webkit" | "chromium";
  /** Default: Playwright's own build of the engine. */
  executablePath?: string;
  /** A Playwright browser server (`launchServer`) to connect to instead of launching. */
  wsEndpoint?: string;
  /** Default: CHROMIUM_ARGS for Chromium, none for WebKit. */
  launchArgs?: string[];
  /**
   * An HTTP forward proxy every request of every context goes through, loopback
   * included (the egress guard: `node/egress-proxy.ts`). Set at launch for a
   * local browser and on each context, which is what reaches a remote one.
   */
  proxyUrl?: string;
  /** How many browsers the warm pool keeps launched ahead (local browsers only; 0 or unset: none). */
  warmSessions?: number;
}

/**
 * Chromium paths around a proxy, closed when one is set: WebRTC's direct UDP
 * (it may then only use the proxy) and DNS prefetching (names only, but no
 * reason to resolve them here). QUIC is already off in CHROMIUM_ARGS.
 */
export const CHROMIUM_PROXIED_ARGS: readonly string[] = [
  "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
  "--dns-prefetch-disable",
];

export interface PlaywrightDriver extends BrowserDriver {
  readonly engine: "webkit" | "chromium";
  /** For tests: kills the local browser process the way a crash would. No-op when connected to a remote server. */
  killBrowser(): Promise<void>;
  /** The browsers launched ahead of sessions (empty for a remote browser). */
  readonly warmPool: WarmPoolView;
}

interface Live {
  browser: Browser;
  handles: Set<PlaywrightContextHandle>;
}

/**
 * A local browser: one browser process per session, a persistent context on
 * a data directory of its own (the session's engine-native layer, restored
 * from and archived to the profile). Neither Chromium nor Playwright's WebKit
 * can give a context of a shared browser a data directory, and a profile's
 * service workers and Cache Storage live only there.
 *
 * A remote browser (`wsEndpoint`): one browser, reached with `connect`, with
 * one context per session and the portable layer only. When it dies or the
 * connection drops, its contexts crash and the next `open` connects again.
 */
export function createPlaywrightDriver(options: PlaywrightDriverOptions): PlaywrightDriver {
  if (!options.wsEndpoint) return createPersistentDriver(options);
  const type = options.engine === "webkit" ? webkit : chromium;
  const proxy = proxyFor(options);
  const wsEndpoint = options.wsEndpoint;
  let live: Promise<Live> | null = null;

  async function start(): Promise<Live> {
    const browser = await type.connect(wsEndpoint, { timeout: LAUNCH_TIMEOUT_MS });
    return { browser, handles: new Set() };
  }

  function current(): Promise<Live> {
    if (live) return live;
    const attempt: Promise<Live> = start().then((l) => {
      l.browser.on("disconnected", () => {
        if (live === attempt) live = null;
        for (const handle of [...l.handles]) handle.lose("the browser disconnected");
      });
      return l;
    });
    live = attempt;
    attempt.catch(() => {
      if (live === attempt) live = null;
    });
    return attempt;
  }

  async function connected(): Promise<Live> {
    try {
      const attempt = current();
      const l = await attempt;
      if (l.browser.isConnected()) return l;
      // Died before its disconnect event reached us: forget it now.
      if (live === attempt) live = null;
      return await current();
    } catch (error) {
      throw new DriverError("unavailable", `could not connect to ${wsEndpoint}: ${oneLine(error)}`);
    }
  }

  async function newHandle(l: Live, archetype: Archetype, storageState: StorageState | undefined) {
    const context = await l.browser.newContext({
      ...deviceOptions(archetype),
      proxy,
      storageState: storageState as BrowserContextOptions["storageState"],
    });
    try {
      const page = await context.newPage();
      const restored = storageState ? "portable" : "none";
      const handle = new PlaywrightContextHandle(
        context,
        page,
        options.engine,
        () => l.handles.delete(handle),
        restored,
      );
      l.handles.add(handle);
      return handle;
    } catch (error) {
      await context.close().catch(() => {});
      throw error;
    }
  }

  return {
    engine: options.engine,
    nativeEngine: null,
    async open({ archetype, state }) {
      const storageState = state ? readStorageState(state) : undefined;
      for (let attempt = 1; ; attempt++) {
        const l = await connected();
        try {
          return await newHandle(l, archetype, storageState);
        } catch (error) {
          // The browser may have died between the check and the call: one fresh try.
          if (attempt === 1 && !l.browser.isConnected()) continue;
          throw new DriverError("unavailable", `could not open a browser context: ${oneLine(error)}`);
        }
      }
    },
    async close() {
      const pending = live;
      live = null;
      const l = await pending?.catch(() => null);
      if (!l) return;
      await Promise.all([...l.handles].map((handle) => handle.close()));
      await l.browser.close().catch(() => {});
    },
    // The remote browser is not ours to kill.
    async killBrowser() {},
    // A new context of a connected browser is already cheap: nothing to warm.
    warmPool: new WarmPool<never>(0, NO_BROWSERS),
  };
}

/** The context options that make a context the archetype's device. */
function deviceOptions(archetype: Archetype) {
  return {
    userAgent: archetype.user_agent,
    viewport: archetype.viewport,
    screen: archetype.screen,
    deviceScaleFactor: archetype.device_scale_factor,
    isMobile: archetype.is_mobile,
    hasTouch: archetype.has_touch,
    locale: "en-US",
  };
}

function proxyFor(options: PlaywrightDriverOptions) {
  // Chromium sends loopback around a proxy unless told `<-loopback>`; Playwright adds it
  // unless an environment variable says otherwise, so say it here.
  return options.proxyUrl
    ? { server: options.proxyUrl, bypass: options.engine === "chromium" ? "<-loopback>" : undefined }
    : undefined;
}

function launchArgs(options: PlaywrightDriverOptions): string[] {
  const args = [...(options.launchArgs ?? (options.engine === "chromium" ? CHROMIUM_ARGS : []))];
  if (options.proxyUrl && options.engine === "chromium") args.push(...CHROMIUM_PROXIED_ARGS);
  return args;
}

/**
 * Puts the portable layer into a freshly launched context. Over a data directory
 * restored in full, only its cookies are added: session cookies are in the
 * portable layer alone (no engine writes them to disk), while storage is in the
 * directory already, and `setStorageState` would clear what only the directory
 * holds (service workers, Cache Storage).
 */
async function applyPortableLayer(context: BrowserContext, state: StorageState, overFullRestore: boolean) {
  if (overFullRestore) await context.addCookies(state.cookies as Parameters<BrowserContext["addCookies"]>[0]);
  else await context.setStorageState(state as Parameters<BrowserContext["setStorageState"]>[0]);
}

/** A persistent context launched ahead on an empty directory, waiting in the warm pool. */
interface WarmContext {
  context: BrowserContext;
  dir: DataDir;
}

/**
 * See `createPlaywrightDriver`: a local browser per session, on its own data
 * directory. A session whose restore is not "full" takes a browser from the
 * warm pool (`warm-pool.ts`) when one is ready; a full restore needs its
 * archive in the directory before launch, so it launches its own.
 */
function createPersistentDriver(options: PlaywrightDriverOptions): PlaywrightDriver {
  const type = options.engine === "webkit" ? webkit : chromium;
  const nativeEngine = `${options.engine}/playwright`;
  const exclude = options.engine === "chromium" ? chromiumExclude : () => false;
  const handles = new Set<PlaywrightContextHandle>();

  async function launchOn(archetype: Archetype, dir: DataDir): Promise<BrowserContext> {
    try {
      return await type.launchPersistentContext(dir.path, {
        ...deviceOptions(archetype),
        executablePath: options.executablePath,
        args: launchArgs(options),
        proxy: proxyFor(options),
        headless: true,
        timeout: LAUNCH_TIMEOUT_MS,
        // Playwright would kill the browser on these signals before the server has saved its sessions.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      dir.remove();
      throw new DriverError("unavailable", `could not launch ${target(options)}: ${oneLine(error)}`);
    }
  }

  const pool = new WarmPool<WarmContext>(
    options.warmSessions ?? 0,
    {
      async launch(archetype) {
        const dir = new DataDir(nativeEngine, exclude, null, null);
        return { context: await launchOn(archetype, dir), dir };
      },
      watch: ({ context }, lost) => context.on("close", lost),
      async dispose({ context, dir }) {
        await context.close().catch(() => {});
        dir.remove();
      },
    },
    (error) => console.error(`driftstack: warming a ${options.engine} browser failed: ${oneLine(error)}`),
  );

  /** The session's handle on a launched context, with the portable state applied when that is what it starts from. */
  async function handleOn(context: BrowserContext, dir: DataDir, storageState: StorageState | null) {
    try {
      if (storageState) await applyPortableLayer(context, storageState, dir.restored === "full");
      const page = context.pages()[0] ?? (await context.newPage());
      const handle = new PlaywrightContextHandle(
        context,
        page,
        options.engine,
        () => handles.delete(handle),
        dir.restored,
        dir,
      );
      handles.add(handle);
      return handle;
    } catch (error) {
      await context.close().catch(() => {});
      dir.remove();
      throw new DriverError("unavailable", `could not open a browser context: ${oneLine(error)}`);
    }
  }

  async function open(archetype: Archetype, state: StoredState | null, native: NativeState | null | undefined) {
    const restored = restoredFrom(nativeEngine, state, native);
    // Read before any browser is used, so a state no driver can open wastes none.
    const storageState = state && restored === "portable" ? readStorageState(state) : null;
    const warm = restored === "full" ? null : pool.take(archetype);
    if (warm) {
      warm.dir.adopt(state);
      return handleOn(warm.context, warm.dir, storageState);
    }
    const dir = new DataDir(nativeEngine, exclude, state, native);
    return handleOn(await launchOn(archetype, dir), dir, storageState);
  }

  return {
    engine: options.engine,
    nativeEngine,
    open: ({ archetype, state, native }) => open(archetype, state, native),
    warmPool: pool,
    async close() {
      await Promise.all([pool.close(), ...[...handles].map((handle) => handle.close())]);
    },
    async killBrowser() {
      for (const handle of [...handles]) handle.killProcesses();
    },
  };
}

function target(options: PlaywrightDriverOptions): string {
  return options.executablePath ? `${options.engine} at ${options.executablePath}` : `Playwright's ${options.engine}`;
}

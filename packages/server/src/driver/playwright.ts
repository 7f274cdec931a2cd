import { type Browser, type BrowserContextOptions, type BrowserServer, chromium, webkit } from "playwright-core";
import type { Archetype } from "../domain/archetypes";
import { oneLine, PlaywrightContextHandle } from "./playwright-context";
import { readStorageState, type StorageState } from "./state";
import { type BrowserDriver, DriverError } from "./types";

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
}

interface Live {
  browser: Browser;
  /** The local browser's server; null when connected to a remote one. */
  server: BrowserServer | null;
  handles: Set<PlaywrightContextHandle>;
}

/**
 * Drives one browser (launched on first use, or remote) with one context per
 * session. A local browser is started with `launchServer` and reached with
 * `connect`, like a remote one: one code path for both, and the server gives
 * a process to kill, which `Browser` no longer exposes. When the browser dies
 * or the connection drops, its contexts crash and the next `open` starts or
 * connects again.
 */
export function createPlaywrightDriver(options: PlaywrightDriverOptions): PlaywrightDriver {
  const type = options.engine === "webkit" ? webkit : chromium;
  // Chromium sends loopback around a proxy unless told `<-loopback>`; Playwright adds it
  // unless an environment variable says otherwise, so say it here.
  const proxy = options.proxyUrl
    ? { server: options.proxyUrl, bypass: options.engine === "chromium" ? "<-loopback>" : undefined }
    : undefined;
  let live: Promise<Live> | null = null;

  async function start(): Promise<Live> {
    if (options.wsEndpoint) {
      const browser = await type.connect(options.wsEndpoint, { timeout: LAUNCH_TIMEOUT_MS });
      return { browser, server: null, handles: new Set() };
    }
    const args = [...(options.launchArgs ?? (options.engine === "chromium" ? CHROMIUM_ARGS : []))];
    if (proxy && options.engine === "chromium") args.push(...CHROMIUM_PROXIED_ARGS);
    const server = await type.launchServer({
      executablePath: options.executablePath,
      args,
      proxy,
      headless: true,
      timeout: LAUNCH_TIMEOUT_MS,
      // Playwright would kill the browser on these signals before the server has saved its sessions:
      // the server owns the browser's lifetime and closes it last (node/serve.ts).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    try {
      return { browser: await type.connect(server.wsEndpoint()), server, handles: new Set() };
    } catch (error) {
      await server.kill();
      throw error;
    }
  }

  function current(): Promise<Live> {
    if (live) return live;
    const attempt: Promise<Live> = start().then((l) => {
      l.browser.on("disconnected", () => {
        if (live === attempt) live = null;
        for (const handle of [...l.handles]) handle.lose("the browser disconnected");
        // A dropped connection can leave a local browser running with nobody to drive it.
        l.server?.kill().catch(() => {});
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
      const where = options.wsEndpoint ? `connect to ${options.wsEndpoint}` : `launch ${target(options)}`;
      throw new DriverError("unavailable", `could not ${where}: ${oneLine(error)}`);
    }
  }

  async function newHandle(l: Live, archetype: Archetype, storageState: StorageState | undefined) {
    const context = await l.browser.newContext({
      userAgent: archetype.user_agent,
      viewport: archetype.viewport,
      screen: archetype.screen,
      deviceScaleFactor: archetype.device_scale_factor,
      isMobile: archetype.is_mobile,
      hasTouch: archetype.has_touch,
      locale: "en-US",
      proxy,
      storageState: storageState as BrowserContextOptions["storageState"],
    });
    try {
      const page = await context.newPage();
      const handle = new PlaywrightContextHandle(context, page, options.engine, () => l.handles.delete(handle));
      l.handles.add(handle);
      return handle;
    } catch (error) {
      await context.close().catch(() => {});
      throw error;
    }
  }

  return {
    engine: options.engine,
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
      await l.server?.close().catch(() => l.server?.kill());
    },
    async killBrowser() {
      const l = await live?.catch(() => null);
      await l?.server?.kill();
    },
  };
}

function target(options: PlaywrightDriverOptions): string {
  return options.executablePath ? `${options.engine} at ${options.executablePath}` : `Playwright's ${options.engine}`;
}

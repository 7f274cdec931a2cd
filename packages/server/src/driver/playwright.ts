import { type Browser, type BrowserContextOptions, chromium, webkit } from "playwright-core";
import type { Archetype } from "../domain/archetypes";
import { oneLine, PlaywrightContextHandle } from "./playwright-context";
import {
  deviceOptions,
  LAUNCH_TIMEOUT_MS,
  type PlaywrightDriver,
  type PlaywrightDriverOptions,
  proxyFor,
} from "./playwright-launch";
import { createPersistentDriver } from "./playwright-persistent";
import { readStorageState, type StorageState } from "./state";
import { DriverError } from "./types";
import { NO_BROWSERS, WarmPool } from "./warm-pool";

export {
  CHROMIUM_ARGS,
  CHROMIUM_PROXIED_ARGS,
  type PlaywrightDriver,
  type PlaywrightDriverOptions,
} from "./playwright-launch";
export { PLAYWRIGHT_STATE_FORMAT } from "./state";

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

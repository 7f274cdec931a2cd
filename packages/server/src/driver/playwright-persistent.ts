import { type BrowserContext, chromium, type Page, webkit } from "playwright-core";
import type { Archetype } from "../domain/archetypes";
import { CarriedOrigins } from "./carried-origins";
import { chromiumExclude, DataDir } from "./data-dir";
import { launchGate } from "./launch-gate";
import { replayLocalStorage } from "./local-storage-replay";
import { oneLine, PlaywrightContextHandle } from "./playwright-context";
import { applyToFreshContext } from "./playwright-fresh-state";
import {
  deviceOptions,
  LAUNCH_TIMEOUT_MS,
  launchArgs,
  type PlaywrightDriver,
  type PlaywrightDriverOptions,
  proxyFor,
  target,
} from "./playwright-launch";
import { runDir } from "./run-dir";
import { readStorageState, type StorageState } from "./state";
import { DriverError, type NativeState, restoredFrom, type StoredState } from "./types";
import { WarmPool } from "./warm-pool";

/**
 * Puts the portable layer into a freshly launched context. Over a data directory
 * restored in full, only its cookies are added: session cookies are in the
 * portable layer alone (no engine writes them to disk), while storage is in the
 * directory already, and `setStorageState` would clear what only the directory
 * holds (service workers, Cache Storage). Chromium's localStorage is put
 * back from the portable layer as well (local-storage-replay.ts).
 */
async function applyPortableLayer(
  context: BrowserContext,
  page: Page,
  state: StorageState,
  overFullRestore: boolean,
  engine: PlaywrightDriverOptions["engine"],
) {
  if (!overFullRestore) return context.setStorageState(state as Parameters<BrowserContext["setStorageState"]>[0]);
  await context.addCookies(state.cookies as Parameters<BrowserContext["addCookies"]>[0]);
  // Chromium's directory may lack the last localStorage writes: see local-storage-replay.ts.
  if (engine === "chromium") await replayLocalStorage(page, state.origins);
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
export function createPersistentDriver(options: PlaywrightDriverOptions): PlaywrightDriver {
  runDir(); // sweeps what a killed server left, at startup rather than at the first session
  const type = options.engine === "webkit" ? webkit : chromium;
  const nativeEngine = `${options.engine}/playwright`;
  const exclude = options.engine === "chromium" ? chromiumExclude : () => false;
  const handles = new Set<PlaywrightContextHandle>();

  async function launchOn(archetype: Archetype, dir: DataDir): Promise<BrowserContext> {
    try {
      return await launchGate.run(() =>
        type.launchPersistentContext(dir.path, {
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
        }),
      );
    } catch (error) {
      // A launch that timed out can leave its browser running on the directory.
      dir.killProcesses();
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
      dataDir: ({ dir }) => dir.path,
    },
    (error) => console.error(`driftstack: warming a ${options.engine} browser failed: ${oneLine(error)}`),
  );

  /**
   * The session's handle on a launched context, with the portable state applied when that is what it
   * starts from; `warm`: a Chromium browser from the pool, which gets it the faster way.
   */
  async function handleOn(context: BrowserContext, dir: DataDir, storageState: StorageState | null, warm = false) {
    try {
      const full = dir.restored === "full";
      const page = context.pages()[0] ?? (await context.newPage());
      if (storageState && warm && options.engine === "chromium") await applyToFreshContext(context, page, storageState);
      else if (storageState) await applyPortableLayer(context, page, storageState, full, options.engine);
      // Watches the page from here on: the replay's navigations above are not the session's.
      const carried = full && storageState ? new CarriedOrigins(context, storageState.origins) : null;
      const handle = new PlaywrightContextHandle(
        context,
        page,
        options.engine,
        () => handles.delete(handle),
        dir.restored,
        dir,
        carried,
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
    // Over a full restore too: see applyPortableLayer.
    const storageState = state ? readStorageState(state) : null;
    const cold = async () => {
      const dir = new DataDir(nativeEngine, exclude, state, native);
      return handleOn(await launchOn(archetype, dir), dir, storageState);
    };
    if (restored === "full") return cold();
    return pool.take(archetype, async (warm) => {
      if (!warm) return cold();
      warm.dir.adopt(state);
      return handleOn(warm.context, warm.dir, storageState, true);
    });
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

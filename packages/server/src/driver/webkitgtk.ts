import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Archetype } from "../domain/archetypes";
import { DataDir } from "./data-dir";
import { launchGate } from "./launch-gate";
import { LauncherControl } from "./launcher-control";
import { packageRoot } from "./package-root";
import { runDir } from "./run-dir";
import { readStorageState, type StorageState } from "./state";
import { type BrowserDriver, DriverError, restoredFrom } from "./types";
import { WarmPool, type WarmPoolView } from "./warm-pool";
import { newSession, type WebDriverSession } from "./webdriver";
import { WebKitGtkContextHandle } from "./webkitgtk-context";
import { type Child, startWebDriver, startXvfb } from "./webkitgtk-processes";

const NEW_SESSION_TIMEOUT_MS = 30_000;
/**
 * How long a browser gets to end cleanly (launcher `quit`, then every
 * process of it exiting) before its data directory is archived; past it,
 * what is left is killed, as a crash would.
 */
const QUIT_MS = 8_000;

export interface WebKitGtkDriverOptions {
  /** Debian's `/usr/bin/WebKitWebDriver`. */
  webDriverPath: string;
  /** A Python 3 with PyGObject and WebKit2 4.1 (Debian's `/usr/bin/python3`). */
  pythonPath: string;
  /** Xvfb, started when `display` is not given. */
  xvfbPath: string;
  /** An X display to use instead of starting Xvfb (e.g. the environment's DISPLAY). */
  display?: string;
  /** An HTTP proxy every request of the browser goes through. */
  proxyUrl?: string;
  /** How many browsers the warm pool keeps launched ahead (0 or unset: none). */
  warmSessions?: number;
}

/** A browser started on its data directory: a session's, or one waiting in the warm pool. */
interface Launched {
  browser: {
    session: WebDriverSession;
    control: LauncherControl;
    kill: () => void;
    quit: () => Promise<void>;
    exited: Promise<void>;
  };
  data: DataDir;
}

export interface WebKitGtkDriver extends BrowserDriver {
  readonly engine: "webkit";
  /** For tests: kills every browser process of every session, the way a crash would. */
  killBrowser(): Promise<void>;
  /** The browsers launched ahead of sessions. */
  readonly warmPool: WarmPoolView;
}

/** The tag of WebKitGTK's native layers: the launcher's data directory. */
export const WEBKITGTK_NATIVE_ENGINE = "webkit/webkitgtk";

/** The HTTP disk cache (rebuilt from the network) stays out of the archive; website data and cookies go in. */
const webkitGtkExclude = (path: string) => path === "cache/WebKitCache";

/** The launcher shipped with the server package (`launcher/` beside `src/` and `dist/`). */
export function launcherPath(): string {
  return join(packageRoot(), "launcher", "webkitgtk-launcher.py");
}

/**
 * The WebDriver capabilities that start our launcher as the browser, as
 * `archetype`, answering on the control socket at `socket`.
 */
export function launcherCapabilities(
  pythonPath: string,
  archetype: Archetype,
  socket: string,
  proxyUrl?: string,
  dataDir?: string,
) {
  const args = [
    launcherPath(),
    "--automation",
    `--width=${archetype.viewport.width}`,
    `--height=${archetype.viewport.height}`,
    `--screen-width=${archetype.screen.width}`,
    `--screen-height=${archetype.screen.height}`,
    `--scale=${archetype.device_scale_factor}`,
    `--user-agent=${archetype.user_agent}`,
    `--control=${socket}`,
    ...(archetype.has_touch ? ["--touch"] : []),
    ...(proxyUrl ? [`--proxy=${proxyUrl}`] : []),
    ...(dataDir ? [`--data-dir=${dataDir}`] : []),
  ];
  return { alwaysMatch: { "webkitgtk:browserOptions": { binary: pythonPath, args } } };
}

/**
 * Real WebKit (WebKitGTK, the Safari engine's Linux port) over W3C WebDriver.
 * One WebKitWebDriver per session (a driver serves one session), each
 * starting our launcher as its browser; all of them share one X display.
 */
export function createWebKitGtkDriver(options: WebKitGtkDriverOptions): WebKitGtkDriver {
  runDir(); // sweeps what a killed server left, at startup rather than at the first session
  let xvfb: Promise<{ display: string; child: Child | null }> | null = null;
  /** Each open browser and how to kill its processes. */
  const handles = new Map<WebKitGtkContextHandle, () => void>();

  function currentDisplay() {
    if (options.display) return Promise.resolve({ display: options.display, child: null });
    if (xvfb) return xvfb;
    const attempt = startXvfb(options.xvfbPath).then((started) => {
      started.child.exited.then(() => {
        if (xvfb === attempt) xvfb = null;
      });
      return started as { display: string; child: Child | null };
    });
    xvfb = attempt;
    attempt.catch(() => {
      if (xvfb === attempt) xvfb = null;
    });
    return attempt;
  }

  async function launch(archetype: Archetype, data: DataDir) {
    const { display } = await currentDisplay();
    const webDriver = await startWebDriver(options.webDriverPath, display);
    const dir = mkdtempSync(join(runDir(), "webkit-"));
    const kill = () => {
      webDriver.child.kill();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      const socket = join(dir, "control.sock");
      const capabilities = launcherCapabilities(options.pythonPath, archetype, socket, options.proxyUrl, data.path);
      const session = await newSession(webDriver.url, capabilities, NEW_SESSION_TIMEOUT_MS);
      const control = await LauncherControl.connect(socket);
      const quit = async () => {
        const deadline = Date.now() + QUIT_MS;
        // No answer (a page holding the browser) is no reason to wait less for the processes.
        await control.quit(QUIT_MS).catch(() => {});
        await webDriver.child.drained(Math.max(0, deadline - Date.now()));
      };
      return { session, control, kill, quit, exited: webDriver.child.exited };
    } catch (error) {
      kill();
      const detail = webDriver.stderr().trim().split("\n").pop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}${detail ? ` (${detail})` : ""}`);
    }
  }

  /** A browser on `data`; its data directory is removed if it cannot start. */
  async function start(archetype: Archetype, data: DataDir): Promise<Launched> {
    try {
      return { browser: await launchGate.run(() => launch(archetype, data)), data };
    } catch (error) {
      data.killProcesses();
      data.remove();
      throw new DriverError("unavailable", `could not start WebKitGTK: ${(error as Error).message}`);
    }
  }

  /** The session's handle on a started browser, with the portable state put in when there is one. */
  async function sessionOn({ browser, data }: Launched, storage: StorageState | null) {
    const handle = new WebKitGtkContextHandle(
      browser.session,
      browser.control,
      { kill: browser.kill, quit: browser.quit, exited: browser.exited, data },
      () => handles.delete(handle),
    );
    handles.set(handle, browser.kill);
    if (storage) {
      try {
        await handle.restore(storage);
      } catch (error) {
        await handle.close();
        throw new DriverError("unavailable", `could not restore the browser state: ${(error as Error).message}`);
      }
    }
    return handle;
  }

  const pool = new WarmPool<Launched>(
    options.warmSessions ?? 0,
    {
      launch: (archetype) => start(archetype, new DataDir(WEBKITGTK_NATIVE_ENGINE, webkitGtkExclude, null, null)),
      watch: ({ browser }, lost) => browser.control.onClose(lost),
      async dispose({ browser, data }) {
        browser.control.close();
        browser.kill();
        await browser.exited;
        data.remove();
      },
      dataDir: ({ data }) => data.path,
    },
    (error) => console.error(`driftstack: warming a WebKitGTK browser failed: ${(error as Error).message}`),
  );

  return {
    engine: "webkit",
    nativeEngine: WEBKITGTK_NATIVE_ENGINE,
    warmPool: pool,
    async open({ archetype, state, native }) {
      const restored = restoredFrom(WEBKITGTK_NATIVE_ENGINE, state, native);
      // The portable layer goes over a restored data directory too: it holds what the
      // directory cannot (session cookies, which no engine writes to disk). The control
      // socket adds cookies and storage without clearing what only the directory holds.
      const storage = state ? readStorageState(state) : null;
      const begin = async (warm: Launched | null) => {
        warm?.data.adopt(state);
        const launched =
          warm ?? (await start(archetype, new DataDir(WEBKITGTK_NATIVE_ENGINE, webkitGtkExclude, state, native)));
        return sessionOn(launched, storage);
      };
      // A full restore needs its archive in the directory before launch: never a warm browser.
      return restored === "full" ? begin(null) : pool.take(archetype, begin);
    },
    async close() {
      await Promise.all([pool.close(), ...[...handles.keys()].map((handle) => handle.close())]);
      const current = xvfb;
      xvfb = null;
      (await current?.catch(() => null))?.child?.kill();
    },
    async killBrowser() {
      for (const kill of [...handles.values()]) kill();
    },
  };
}

import { existsSync } from "node:fs";
import { chromium, webkit } from "playwright-core";
import { createFakeDriver } from "./fake";
import { createPlaywrightDriver } from "./playwright";
import type { BrowserDriver } from "./types";
import { DEFAULT_WARM_SESSIONS, type WarmPoolView, warmSessionsFromEnv } from "./warm-pool";
import { createWebKitGtkDriver } from "./webkitgtk";

export type RealEngine = "webkit" | "chromium";

/**
 * An engine installed here and how it is driven: `playwright` launches
 * `executablePath` through playwright-core; `webkitgtk` is Debian's WebKitGTK,
 * with `executablePath` its WebKitWebDriver.
 */
export interface EngineInstall {
  engine: RealEngine;
  backend: "playwright" | "webkitgtk";
  executablePath: string;
}

/**
 * A driver of a real engine; `killBrowser` kills its sessions' browser processes the way a crash
 * would (for tests); `warmPool` shows the browsers it launched ahead (DRIFTSTACK_WARM_SESSIONS).
 */
export type RealDriver = BrowserDriver & {
  readonly engine: RealEngine;
  killBrowser(): Promise<void>;
  readonly warmPool: WarmPoolView;
};

export interface DriverSelection {
  driver: BrowserDriver | null;
  engine: string | null;
  /** How the engine is driven, for people: "Playwright" or "WebKitGTK over WebDriver". */
  backend?: string;
  /** Why there is no driver, naming the fix. */
  reason?: string;
}

type Env = Record<string, string | undefined>;

/** What the caller set up for the drivers (select.ts starts nothing itself). */
export interface DriverWiring {
  /** The egress proxy (`startEgressProxy`) every browser must go through; unset: direct connections. */
  proxyUrl?: string;
}

/** Whether a file exists; tests pass their own to pretend engines are (not) installed. */
type Exists = (path: string) => boolean;
const fileExists: Exists = (path) => existsSync(path);

const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const INSTALL_WEBKIT = "run `npx playwright install webkit`";
const INSTALL_WEBKITGTK = "run `apt-get install -y webkit2gtk-driver gir1.2-webkit2-4.1 python3-gi xvfb xauth`";
const INSTALL_ANY_WEBKIT = `${INSTALL_WEBKIT} (Playwright's WebKit), or ${INSTALL_WEBKITGTK} (WebKitGTK)`;

/** Debian's WebKitGTK: its WebDriver, and what our launcher needs (PyGObject with WebKit2 4.1, and a display). */
const WEBKITGTK = {
  webDriver: "/usr/bin/WebKitWebDriver",
  python: "/usr/bin/python3",
  pythonGi: "/usr/lib/python3/dist-packages/gi/__init__.py",
  typelibs: ["x86_64-linux-gnu", "aarch64-linux-gnu"].map(
    (arch) => `/usr/lib/${arch}/girepository-1.0/WebKit2-4.1.typelib`,
  ),
  xvfb: "/usr/bin/Xvfb",
};
const INSTALL_CHROMIUM =
  "run `apt-get install -y chromium` or set DRIFTSTACK_BROWSER_EXECUTABLE to a Chromium executable";

/** Playwright's WebKit, where `npx playwright install webkit` puts it (PLAYWRIGHT_BROWSERS_PATH is honoured). */
function findWebkit(exists: Exists): string | null {
  const path = webkit.executablePath();
  return exists(path) ? path : null;
}

/** WebKitWebDriver, when everything a WebKitGTK session needs is installed. */
function findWebkitGtk(env: Env, exists: Exists): string | null {
  const complete =
    exists(WEBKITGTK.webDriver) &&
    exists(WEBKITGTK.python) &&
    exists(WEBKITGTK.pythonGi) &&
    WEBKITGTK.typelibs.some((path) => exists(path)) &&
    (Boolean(env.DISPLAY) || exists(WEBKITGTK.xvfb));
  return complete ? WEBKITGTK.webDriver : null;
}

function findChromium(exists: Exists): string | null {
  return [...CHROMIUM_PATHS, chromium.executablePath()].find((path) => exists(path)) ?? null;
}

/** The real engines installed here, WebKit first: what browser tests run on. */
export function availableEngines(env: Env = process.env, exists: Exists = fileExists): EngineInstall[] {
  const installs: EngineInstall[] = [];
  const webkitPath = findWebkit(exists);
  if (webkitPath) installs.push({ engine: "webkit", backend: "playwright", executablePath: webkitPath });
  const webDriverPath = findWebkitGtk(env, exists);
  if (webDriverPath) installs.push({ engine: "webkit", backend: "webkitgtk", executablePath: webDriverPath });
  const custom = env.DRIFTSTACK_BROWSER_EXECUTABLE?.trim();
  const chromiumPath = custom ? (exists(custom) ? custom : null) : findChromium(exists);
  if (chromiumPath) installs.push({ engine: "chromium", backend: "playwright", executablePath: chromiumPath });
  return installs;
}

/** A driver for an installed engine: what `selectDriver` returns for it, and what browser tests run on. */
export function driverFor(install: EngineInstall, env: Env = process.env, wiring: DriverWiring = {}): RealDriver {
  const { proxyUrl } = wiring;
  const size = warmSessionsFromEnv(env.DRIFTSTACK_WARM_SESSIONS);
  // selectDriver refuses a malformed value; a caller coming here directly gets the default.
  const warmSessions = typeof size === "number" ? size : DEFAULT_WARM_SESSIONS;
  if (install.backend === "playwright") {
    const { engine, executablePath } = install;
    return createPlaywrightDriver({ engine, executablePath, proxyUrl, warmSessions });
  }
  return createWebKitGtkDriver({
    webDriverPath: install.executablePath,
    pythonPath: WEBKITGTK.python,
    xvfbPath: WEBKITGTK.xvfb,
    display: env.DISPLAY || undefined,
    proxyUrl,
    warmSessions,
  });
}

/**
 * The driver `DRIFTSTACK_BROWSER` asks for: `webkit`, `chromium`, `fake`,
 * `none`, or unset for the best installed engine (WebKit, the Safari engine:
 * Playwright's build, else Debian's WebKitGTK; then Chromium).
 * `DRIFTSTACK_BROWSER_EXECUTABLE` names the executable of the
 * engine asked for, or of Chromium when auto finds no WebKit;
 * `DRIFTSTACK_BROWSER_WS_ENDPOINT` connects to a remote Playwright browser
 * server instead (Chromium unless `webkit` is asked for). Nothing is launched
 * here: drivers start their browser on first use. With `wiring.proxyUrl`,
 * every real browser is pointed at that proxy. `DRIFTSTACK_WARM_SESSIONS`
 * (default 1, 0 = off) sizes a local driver's warm pool (`warm-pool.ts`).
 */
export function selectDriver(
  env: Env = process.env,
  exists: Exists = fileExists,
  wiring: DriverWiring = {},
): DriverSelection {
  const choice = (env.DRIFTSTACK_BROWSER ?? "").trim().toLowerCase() || "auto";
  if (choice === "none") return none("browser sessions are turned off (DRIFTSTACK_BROWSER=none)");
  if (choice === "fake") return { driver: createFakeDriver(), engine: "fake", backend: "no browser" };
  if (choice !== "auto" && choice !== "webkit" && choice !== "chromium") {
    return none(`DRIFTSTACK_BROWSER must be webkit, chromium, fake or none, not "${env.DRIFTSTACK_BROWSER}"`);
  }
  const warm = warmSessionsFromEnv(env.DRIFTSTACK_WARM_SESSIONS);
  if (typeof warm === "string") return none(warm);
  const wsEndpoint = env.DRIFTSTACK_BROWSER_WS_ENDPOINT?.trim();
  if (wsEndpoint) {
    const engine = choice === "webkit" ? "webkit" : "chromium";
    const driver = createPlaywrightDriver({ engine, wsEndpoint, proxyUrl: wiring.proxyUrl });
    return { driver, engine, backend: "Playwright (remote)" };
  }
  const custom = env.DRIFTSTACK_BROWSER_EXECUTABLE?.trim() || null;
  if (custom && !exists(custom)) return none(`DRIFTSTACK_BROWSER_EXECUTABLE=${custom} does not exist`);
  if (choice === "webkit") {
    if (custom) return local(env, { engine: "webkit", backend: "playwright", executablePath: custom }, wiring);
    return findAnyWebkit(env, exists, wiring) ?? none(`WebKit is not installed: ${INSTALL_ANY_WEBKIT}`);
  }
  const webkit = choice === "auto" ? findAnyWebkit(env, exists, wiring) : null;
  if (webkit) return webkit;
  const path = custom ?? findChromium(exists);
  if (path) return local(env, { engine: "chromium", backend: "playwright", executablePath: path }, wiring);
  return choice === "chromium"
    ? none(`no Chromium found: ${INSTALL_CHROMIUM}`)
    : none(`no browser found: ${INSTALL_ANY_WEBKIT} (the default engine), or ${INSTALL_CHROMIUM}`);
}

/** Playwright's WebKit, else WebKitGTK. */
function findAnyWebkit(env: Env, exists: Exists, wiring: DriverWiring): DriverSelection | null {
  const playwrightPath = findWebkit(exists);
  if (playwrightPath) {
    return local(env, { engine: "webkit", backend: "playwright", executablePath: playwrightPath }, wiring);
  }
  const webDriverPath = findWebkitGtk(env, exists);
  if (webDriverPath) {
    return local(env, { engine: "webkit", backend: "webkitgtk", executablePath: webDriverPath }, wiring);
  }
  return null;
}

function local(env: Env, install: EngineInstall, wiring: DriverWiring): DriverSelection {
  const backend = install.backend === "playwright" ? "Playwright" : "WebKitGTK over WebDriver";
  return { driver: driverFor(install, env, wiring), engine: install.engine, backend };
}

function none(reason: string): DriverSelection {
  return { driver: null, engine: null, reason };
}

import { existsSync } from "node:fs";
import { chromium, webkit } from "playwright-core";
import { createFakeDriver } from "./fake";
import { createPlaywrightDriver } from "./playwright";
import type { BrowserDriver } from "./types";

export type RealEngine = "webkit" | "chromium";

export interface EngineInstall {
  engine: RealEngine;
  executablePath: string;
}

export interface DriverSelection {
  driver: BrowserDriver | null;
  engine: string | null;
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
const INSTALL_CHROMIUM =
  "run `apt-get install -y chromium` or set DRIFTSTACK_BROWSER_EXECUTABLE to a Chromium executable";

/** Playwright's WebKit, where `npx playwright install webkit` puts it (PLAYWRIGHT_BROWSERS_PATH is honoured). */
function findWebkit(exists: Exists): string | null {
  const path = webkit.executablePath();
  return exists(path) ? path : null;
}

function findChromium(exists: Exists): string | null {
  return [...CHROMIUM_PATHS, chromium.executablePath()].find((path) => exists(path)) ?? null;
}

/** The real engines installed here, WebKit first: what browser tests run on. */
export function availableEngines(env: Env = process.env, exists: Exists = fileExists): EngineInstall[] {
  const installs: EngineInstall[] = [];
  const webkitPath = findWebkit(exists);
  if (webkitPath) installs.push({ engine: "webkit", executablePath: webkitPath });
  const custom = env.DRIFTSTACK_BROWSER_EXECUTABLE?.trim();
  const chromiumPath = custom ? (exists(custom) ? custom : null) : findChromium(exists);
  if (chromiumPath) installs.push({ engine: "chromium", executablePath: chromiumPath });
  return installs;
}

/**
 * The driver `DRIFTSTACK_BROWSER` asks for: `webkit`, `chromium`, `fake`,
 * `none`, or unset for the best installed engine (WebKit, the Safari engine,
 * then Chromium). `DRIFTSTACK_BROWSER_EXECUTABLE` names the executable of the
 * engine asked for, or of Chromium when auto finds no WebKit;
 * `DRIFTSTACK_BROWSER_WS_ENDPOINT` connects to a remote Playwright browser
 * server instead (Chromium unless `webkit` is asked for). Nothing is launched
 * here: drivers start their browser on first use. With `wiring.proxyUrl`,
 * every real browser is pointed at that proxy.
 */
export function selectDriver(
  env: Env = process.env,
  exists: Exists = fileExists,
  wiring: DriverWiring = {},
): DriverSelection {
  const choice = (env.DRIFTSTACK_BROWSER ?? "").trim().toLowerCase() || "auto";
  if (choice === "none") return none("browser sessions are turned off (DRIFTSTACK_BROWSER=none)");
  if (choice === "fake") return { driver: createFakeDriver(), engine: "fake" };
  if (choice !== "auto" && choice !== "webkit" && choice !== "chromium") {
    return none(`DRIFTSTACK_BROWSER must be webkit, chromium, fake or none, not "${env.DRIFTSTACK_BROWSER}"`);
  }
  const wsEndpoint = env.DRIFTSTACK_BROWSER_WS_ENDPOINT?.trim();
  if (wsEndpoint) {
    const engine = choice === "webkit" ? "webkit" : "chromium";
    return { driver: createPlaywrightDriver({ engine, wsEndpoint, proxyUrl: wiring.proxyUrl }), engine };
  }
  const custom = env.DRIFTSTACK_BROWSER_EXECUTABLE?.trim() || null;
  if (custom && !exists(custom)) return none(`DRIFTSTACK_BROWSER_EXECUTABLE=${custom} does not exist`);
  if (choice === "webkit") {
    const path = custom ?? findWebkit(exists);
    return path ? local("webkit", path, wiring) : none(`Playwright's WebKit is not installed: ${INSTALL_WEBKIT}`);
  }
  const webkitPath = choice === "auto" ? findWebkit(exists) : null;
  if (webkitPath) return local("webkit", webkitPath, wiring);
  const path = custom ?? findChromium(exists);
  if (path) return local("chromium", path, wiring);
  return choice === "chromium"
    ? none(`no Chromium found: ${INSTALL_CHROMIUM}`)
    : none(`no browser found: ${INSTALL_WEBKIT} (the default engine), or ${INSTALL_CHROMIUM}`);
}

function local(engine: RealEngine, executablePath: string, wiring: DriverWiring): DriverSelection {
  return { driver: createPlaywrightDriver({ engine, executablePath, proxyUrl: wiring.proxyUrl }), engine };
}

function none(reason: string): DriverSelection {
  return { driver: null, engine: null, reason };
}

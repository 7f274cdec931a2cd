import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARCHETYPES, DEFAULT_ARCHETYPE } from "@driftstack/server";
import { LauncherControl } from "../../../packages/server/src/driver/launcher-control";
import { COLLECT_STORAGE } from "../../../packages/server/src/driver/storage-script";
import { newSession, type WebDriverSession } from "../../../packages/server/src/driver/webdriver";
import { launcherCapabilities } from "../../../packages/server/src/driver/webkitgtk";
import { type Child, startWebDriver, startXvfb } from "../../../packages/server/src/driver/webkitgtk-processes";

interface RawSession {
  session: WebDriverSession;
  control: LauncherControl;
  child: Child;
  dir: string;
}

/**
 * The WebKitGTK sessions baseline: what a user scripting WebKitWebDriver by
 * hand does for one session, with no HTTP, database, queue or audit. It starts
 * a WebKitWebDriver and a session with the same launcher (the stock
 * MiniBrowser cannot take an iPhone's viewport or scale), restores a state by
 * visiting its origin (Add Cookie, then localStorage through Execute Script),
 * and persists by reading Get All Cookies and the page's storage.
 */
export class RawWebDriver {
  private constructor(
    private readonly xvfb: Child,
    private readonly display: string,
    private readonly webDriverPath: string,
    private readonly siteUrl: string,
  ) {}

  static async launch(webDriverPath: string, siteUrl: string): Promise<RawWebDriver> {
    const { display, child } = await startXvfb("/usr/bin/Xvfb");
    return new RawWebDriver(child, display, webDriverPath, siteUrl);
  }

  async open(stateJson: string | null): Promise<RawSession> {
    const archetype = ARCHETYPES.find((a) => a.id === DEFAULT_ARCHETYPE);
    if (!archetype) throw new Error(`no archetype ${DEFAULT_ARCHETYPE}`);
    const webDriver = await startWebDriver(this.webDriverPath, this.display);
    const dir = mkdtempSync(join(tmpdir(), "driftstack-bench-webkit-"));
    const socket = join(dir, "control.sock");
    const capabilities = launcherCapabilities("/usr/bin/python3", archetype, socket);
    const session = await newSession(webDriver.url, capabilities, 30_000);
    // The launcher waits for its control connection; the baseline opens it and uses nothing else of it.
    const control = await LauncherControl.connect(socket);
    if (stateJson !== null) {
      const state = JSON.parse(stateJson) as {
        cookies: Array<{ name: string; value: string; path: string; httpOnly: boolean; secure: boolean }>;
        origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>;
      };
      await session.navigate(this.siteUrl, 30_000);
      for (const c of state.cookies) {
        await session.addCookie({ name: c.name, value: c.value, path: c.path, httpOnly: c.httpOnly, secure: c.secure });
      }
      const items = state.origins.flatMap((o) => o.localStorage);
      await session.executeScript(
        "for (const { name, value } of arguments[0]) localStorage.setItem(name, value);",
        [items],
        30_000,
      );
    }
    return { session, control, child: webDriver.child, dir };
  }

  async persistAndClose(raw: RawSession): Promise<string> {
    const cookies = await raw.session.allCookies();
    // A session that never left about:blank has no origin, hence no storage to read.
    const onSite = (await raw.session.currentUrl()).startsWith("http");
    const storage = onSite ? await raw.session.executeScript(COLLECT_STORAGE, [], 30_000) : null;
    await raw.session.delete().catch(() => {});
    raw.control.close();
    raw.child.kill();
    rmSync(raw.dir, { recursive: true, force: true });
    return JSON.stringify({ cookies, storage });
  }

  async close(): Promise<void> {
    this.xvfb.kill();
  }
}

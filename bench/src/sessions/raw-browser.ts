import { ARCHETYPES, DEFAULT_ARCHETYPE } from "@driftstack/server";
import { type Browser, type BrowserContext, type BrowserServer, chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../../../packages/server/src/driver/playwright";

/**
 * The sessions baseline: the same Chromium, launched and connected the way the
 * driver does it, doing only the browser's part of a session with no HTTP,
 * database, queue or audit: a context with the archetype's device figures and
 * one page, then `storageState()` and close.
 */
export class RawBrowser {
  private constructor(
    private readonly server: BrowserServer,
    private readonly browser: Browser,
  ) {}

  static async launch(executablePath: string): Promise<RawBrowser> {
    const server = await chromium.launchServer({ executablePath, args: [...CHROMIUM_ARGS], headless: true });
    return new RawBrowser(server, await chromium.connect(server.wsEndpoint()));
  }

  /** Opens a context and its page, from a stored state (the JSON text the server keeps) or empty. */
  async open(stateJson: string | null): Promise<BrowserContext> {
    const archetype = ARCHETYPES.find((a) => a.id === DEFAULT_ARCHETYPE);
    if (!archetype) throw new Error(`no archetype ${DEFAULT_ARCHETYPE}`);
    const context = await this.browser.newContext({
      userAgent: archetype.user_agent,
      viewport: archetype.viewport,
      screen: archetype.screen,
      deviceScaleFactor: archetype.device_scale_factor,
      isMobile: archetype.is_mobile,
      hasTouch: archetype.has_touch,
      locale: "en-US",
      storageState: stateJson === null ? undefined : JSON.parse(stateJson),
    });
    await context.newPage();
    return context;
  }

  /** Exports the state as text, as persisting does, then closes the context. */
  async persistAndClose(context: BrowserContext): Promise<string> {
    const state = JSON.stringify(await context.storageState({ indexedDB: true }));
    await context.close();
    return state;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.server.close();
  }
}

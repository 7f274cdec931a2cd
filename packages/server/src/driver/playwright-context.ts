import { type BrowserContext, type CDPSession, errors, type Page } from "playwright-core";
import type { CarriedOrigins } from "./carried-origins";
import { ContextEnd } from "./context-end";
import { cookieInputProblem, toCookie } from "./cookies";
import type { DataDir } from "./data-dir";
import { evaluateAsJson } from "./json-result";
import { PLAYWRIGHT_STATE_FORMAT, type StorageState } from "./state";
import {
  type BrowserContextHandle,
  type CookieInput,
  DriverError,
  EVALUATE_RESULT_MAX_BYTES,
  type NativeState,
  type StateRestored,
} from "./types";

const SCREENSHOT_TIMEOUT_MS = 30_000;
/** How long a failed navigation's error page gets to commit before the next call. */
const ERROR_PAGE_SETTLE_MS = 2_000;
/** How long `abandon` waits for the browser to close the context. */
const ABANDON_MS = 5_000;

/** Playwright's message as one line: without the `page.goto:` prefix, the call log and colours. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const first = message.replace(/\u001b\[\d+m/g, "").split("\n")[0] ?? "";
  return first.replace(/^[a-zA-Z]+\.[a-zA-Z]+: /, "").trim();
}

/**
 * One session's context and its single page. `end` says why the context is
 * unusable: closed by us, or lost (crashed, disconnected). With a `dataDir`
 * the context is a persistent one (its own browser on that directory), whose
 * directory is the session's native layer.
 */
export class PlaywrightContextHandle implements BrowserContextHandle {
  private readonly end: ContextEnd;
  /**
   * Chromium's DevTools session on the page, attached while the page is idle:
   * attaching needs the page's main thread, so a session attached only once a
   * script runs away would wait for that script to end.
   */
  private readonly cdp: Promise<CDPSession> | null;

  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly engine: "webkit" | "chromium",
    onGone: () => void,
    readonly restored: StateRestored,
    private readonly dataDir: DataDir | null = null,
    /** Over a full restore: the restored origins Playwright does not know of (carried-origins.ts). */
    private readonly carried: CarriedOrigins | null = null,
  ) {
    this.end = new ContextEnd(onGone);
    page.on("crash", () => this.lose("the page crashed"));
    // A dying browser closes the page before the connection reports it: both read as a crash.
    page.on("close", () => this.lose("the page closed unexpectedly: the browser may have died"));
    context.on("close", () => this.lose("the browser context closed unexpectedly: the browser may have died"));
    this.cdp = engine === "chromium" ? context.newCDPSession(page) : null;
    this.cdp?.catch(() => {});
  }

  /** Marks the context lost: the browser died or the page crashed or closed under us. */
  lose(why: string): void {
    this.end.lose(why);
  }

  onCrash(listener: () => void): void {
    this.end.onCrash(listener);
  }

  async goto(url: string, { timeoutMs }: { timeoutMs: number }) {
    return this.run("navigation", async () => {
      try {
        const response = await this.page.goto(url, { timeout: timeoutMs, waitUntil: "load" });
        return { url: this.page.url(), status: response?.status() ?? null, title: await this.page.title() };
      } catch (error) {
        if (error instanceof errors.TimeoutError) {
          throw new DriverError("navigation", `loading ${url} took longer than ${timeoutMs} ms`);
        }
        await this.settleErrorPage();
        throw error;
      }
    });
  }

  /**
   * See `evaluateAsJson` for what counts as JSON data. A timeout stops
   * a busy script in Chromium (through CDP); other engines have no such call,
   * so their page stays busy until the script ends.
   */
  async evaluate(expression: string, { timeoutMs }: { timeoutMs: number }): Promise<unknown> {
    return this.run("evaluation", async () => {
      const work = this.page.evaluate(evaluateAsJson, { expression, maxBytes: EVALUATE_RESULT_MAX_BYTES });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const check = await Promise.race([work, timeout]).finally(() => clearTimeout(timer));
      if (check === "timeout") {
        work.catch(() => {});
        this.stopScript();
        throw new DriverError("evaluation", `evaluation took longer than ${timeoutMs} ms`);
      }
      if (!check.ok) throw new DriverError(check.tooLarge ? "evaluation" : "not_serializable", check.reason);
      return check.value;
    });
  }

  async screenshot(): Promise<Uint8Array> {
    return this.run("unavailable", async () => {
      const png = await this.page.screenshot({ type: "png", timeout: SCREENSHOT_TIMEOUT_MS });
      return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
    });
  }

  async cookies() {
    return this.run("unavailable", async () => (await this.context.cookies()).map(toCookie));
  }

  async addCookies(cookies: CookieInput[]): Promise<void> {
    for (const c of cookies) {
      const problem = cookieInputProblem(c);
      if (problem) throw new TypeError(problem);
    }
    await this.run("input", () =>
      this.context.addCookies(
        cookies.map(({ url, domain, path, ...rest }) =>
          url === undefined ? { ...rest, domain, path: path ?? "/" } : { ...rest, url },
        ),
      ),
    );
  }

  async exportState() {
    return this.run("unavailable", async () => ({
      format: PLAYWRIGHT_STATE_FORMAT,
      data: JSON.stringify(await this.exportStorage()),
    }));
  }

  private async exportStorage(): Promise<StorageState> {
    const state = (await this.context.storageState({ indexedDB: true })) as StorageState;
    return this.carried ? this.carried.addTo(state) : state;
  }

  /** Closing a persistent context shuts its browser down cleanly, so the directory holds everything. */
  async exportNative(): Promise<NativeState | null> {
    this.assertOpen();
    this.end.close();
    await this.context.close();
    if (!this.dataDir) return null;
    try {
      return this.dataDir.archive();
    } finally {
      this.dataDir.remove();
    }
  }

  async close(): Promise<void> {
    // A lost context is closed too: what is left of it in the browser goes.
    if (this.end.close() || this.end.gone?.crashed) await this.context.close().catch(() => {});
    this.dataDir?.remove();
  }

  /** For tests: kills a persistent context's browser processes, the way a crash would. */
  killProcesses(): void {
    this.dataDir?.killProcesses();
  }

  async interrupt(): Promise<void> {
    if (!this.end.gone) this.stopScript();
  }

  /** Closing a context ends its renderer in Chromium even while a script holds the page. */
  async abandon(): Promise<void> {
    this.end.close("the browser context was abandoned: its page stopped responding");
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.context.close().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ABANDON_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (this.dataDir) {
      this.dataDir.killProcesses();
      this.dataDir.remove();
    }
  }

  /**
   * Chromium shows a failed navigation's error page by a navigation of its
   * own, committed after `goto` has failed; a `goto` issued before it commits
   * is "interrupted by another navigation to chrome-error://". Waits for that
   * page (bounded), so the next call starts on a settled page.
   */
  private async settleErrorPage(): Promise<void> {
    if (this.engine !== "chromium" || this.end.gone) return;
    const onErrorPage = () => this.page.url().startsWith("chrome-error:");
    if (!onErrorPage()) {
      await this.page
        .waitForEvent("framenavigated", {
          predicate: (frame) => frame === this.page.mainFrame() && onErrorPage(),
          timeout: ERROR_PAGE_SETTLE_MS,
        })
        .catch(() => {});
    }
    await this.page.waitForLoadState("load", { timeout: ERROR_PAGE_SETTLE_MS }).catch(() => {});
  }

  /**
   * Runs a Playwright call; its failure becomes a DriverError of `kind` (a
   * TypeError for "input" the browser refused), or `closed` when the context is gone.
   */
  private async run<T>(kind: DriverError["kind"] | "input", call: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await call();
    } catch (error) {
      this.assertOpen();
      if (error instanceof DriverError) throw error;
      if (kind === "input") throw new TypeError(oneLine(error));
      throw new DriverError(kind, oneLine(error));
    }
  }

  private assertOpen(): void {
    const gone = this.end.gone;
    if (gone) throw new DriverError("closed", gone.why);
  }

  /** Sends the request without awaiting its answer: a page blocked outside script (a sync XHR) never answers it. */
  private stopScript(): void {
    // A failure means the page is gone or the session detached: nothing left to stop.
    this.cdp?.then((session) => session.send("Runtime.terminateExecution")).catch(() => {});
  }
}

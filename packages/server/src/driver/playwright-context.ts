import { type BrowserContext, type CDPSession, errors, type Page } from "playwright-core";
import { PLAYWRIGHT_STATE_FORMAT } from "../store/states";
import { cookieInputProblem, toCookie } from "./cookies";
import { evaluateAsJson } from "./json-result";
import { type BrowserContextHandle, type CookieInput, DriverError } from "./types";

const SCREENSHOT_TIMEOUT_MS = 30_000;

/** Playwright's message as one line: without the `page.goto:` prefix, the call log and colours. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const first = message.replace(/\u001b\[\d+m/g, "").split("\n")[0] ?? "";
  return first.replace(/^[a-zA-Z]+\.[a-zA-Z]+: /, "").trim();
}

/**
 * One session's context and its single page. `gone` says why the context is
 * unusable: closed by us, or lost (crashed, disconnected) — only a loss fires
 * the crash listeners, once.
 */
export class PlaywrightContextHandle implements BrowserContextHandle {
  private gone: { crashed: boolean; why: string } | null = null;
  private readonly listeners: Array<() => void> = [];
  private cdp: Promise<CDPSession> | null = null;

  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly engine: "webkit" | "chromium",
    private readonly onGone: () => void,
  ) {
    page.on("crash", () => this.lose("the page crashed"));
    // A dying browser closes the page before the connection reports it: both read as a crash.
    page.on("close", () => this.lose("the page closed unexpectedly: the browser may have died"));
    context.on("close", () => this.lose("the browser context closed unexpectedly: the browser may have died"));
  }

  /** Marks the context lost: the browser died or the page crashed or closed under us. */
  lose(why: string): void {
    if (this.gone) return;
    this.gone = { crashed: true, why };
    this.onGone();
    for (const listener of this.listeners.splice(0)) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the others still hear of the crash.
      }
    }
  }

  onCrash(listener: () => void): void {
    if (this.gone?.crashed) queueMicrotask(listener);
    else if (!this.gone) this.listeners.push(listener);
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
      const work = this.page.evaluate(evaluateAsJson, expression);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const check = await Promise.race([work, timeout]).finally(() => clearTimeout(timer));
      if (check === "timeout") {
        work.catch(() => {});
        await this.stopScript();
        throw new DriverError("evaluation", `evaluation took longer than ${timeoutMs} ms`);
      }
      if (!check.ok) throw new DriverError("not_serializable", check.reason);
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
      data: JSON.stringify(await this.context.storageState({ indexedDB: true })),
    }));
  }

  async close(): Promise<void> {
    if (this.gone) {
      if (this.gone.crashed) await this.context.close().catch(() => {});
      return;
    }
    this.gone = { crashed: false, why: "the browser context is closed" };
    this.onGone();
    await this.context.close().catch(() => {});
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
    if (this.gone) throw new DriverError("closed", this.gone.why);
  }

  private async stopScript(): Promise<void> {
    if (this.engine !== "chromium") return;
    try {
      this.cdp ??= this.context.newCDPSession(this.page);
      await (await this.cdp).send("Runtime.terminateExecution");
    } catch {
      this.cdp = null;
    }
  }
}

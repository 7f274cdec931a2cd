import { ContextEnd } from "./context-end";
import { cookieInputProblem, normaliseCookie, toCookie } from "./cookies";
import type { DataDir } from "./data-dir";
import { EVALUATE_AS_JSON_SOURCE, type JsonCheck } from "./json-result";
import type { LauncherControl } from "./launcher-control";
import type { StorageState } from "./state";
import { PLAYWRIGHT_STATE_FORMAT } from "./state";
import { COLLECT_STORAGE, RESTORE_STORAGE } from "./storage-script";
import {
  type BrowserContextHandle,
  type Cookie,
  type CookieInput,
  DriverError,
  EVALUATE_RESULT_MAX_BYTES,
  type NativeState,
  type StateRestored,
} from "./types";
import { WebDriverError, type WebDriverSession } from "./webdriver";

/** A blank document, shown at an origin to read or write that origin's storage. */
const BLANK = "<!doctype html><title></title>";

/** Runs the JSON check in the page; an exception comes back as `thrown` ("Error: boom", as Playwright words it). */
const EVALUATE = `return (async () => {
  try {
    return await (${EVALUATE_AS_JSON_SOURCE})({ expression: arguments[0], maxBytes: arguments[1] });
  } catch (e) {
    return { thrown: e instanceof Error ? e.name + ": " + e.message : "Uncaught " + String(e) };
  }
})();`;

/** An origin's storage as the portable state carries it. */
interface OriginState {
  origin: string;
  localStorage: Array<{ name: string; value: string }>;
  indexedDB?: unknown[];
}

/**
 * One WebKitGTK browser (a WebKitWebDriver, its launcher and WebKit's
 * processes) serving one session: WebDriver for pages and scripts, the
 * launcher's control socket for the cookie jar and per-origin storage.
 */
export class WebKitGtkContextHandle implements BrowserContextHandle {
  private readonly end: ContextEnd;
  /** Origins whose storage came with the state: exported again even if the page never shows them. */
  private readonly restoredOrigins = new Set<string>();

  readonly restored: StateRestored;
  private readonly processes: { quit: () => Promise<void>; exited: Promise<void>; data: DataDir };
  /** Set while the browser ends cleanly: its control socket closing then is no crash. */
  private quitting = false;

  constructor(
    private readonly session: WebDriverSession,
    private readonly control: LauncherControl,
    /**
     * `kill` ends every process of this browser at once; `quit` ends them
     * cleanly (bounded: never longer than the driver's deadline); `exited`
     * when they have; `data` its data directory.
     */
    processes: { kill: () => void; quit: () => Promise<void>; exited: Promise<void>; data: DataDir },
    onGone: () => void,
  ) {
    this.processes = processes;
    this.restored = processes.data.restored;
    this.end = new ContextEnd(() => {
      processes.kill();
      onGone();
    });
    control.onClose(() => {
      if (!this.quitting) this.lose("the browser exited");
    });
  }

  /** Fills the fresh browser with a stored state: the cookie jar, then each origin's storage. */
  async restore(state: StorageState): Promise<void> {
    await this.control.addCookies(state.cookies.map(toCookie));
    for (const entry of state.origins as OriginState[]) {
      if (!isHttpOrigin(entry?.origin)) continue;
      await this.control.loadHtml(entry.origin, BLANK);
      await this.session.executeScript(RESTORE_STORAGE, [JSON.stringify(entry)], 30_000);
      this.restoredOrigins.add(entry.origin);
    }
    if (this.restoredOrigins.size > 0) await this.session.navigate("about:blank", 10_000);
  }

  lose(why: string): void {
    this.end.lose(why);
  }

  onCrash(listener: () => void): void {
    this.end.onCrash(listener);
  }

  async goto(url: string, { timeoutMs }: { timeoutMs: number }) {
    return this.run("navigation", async () => {
      await this.session.setTimeouts({ pageLoad: timeoutMs });
      await this.control.status({ reset: true });
      const tooLong = new DriverError("navigation", `loading ${url} took longer than ${timeoutMs} ms`);
      const work = this.session.navigate(url, timeoutMs);
      try {
        if ((await beforeDeadline(work, timeoutMs + DEADLINE_SLACK_MS)) === "overrun") {
          // No answer, not even WebDriver's own timeout: a script of the page holds it.
          work.catch(() => {});
          this.stopUnresponsivePage(`loading ${url} held the page past its ${timeoutMs} ms timeout`);
          throw tooLong;
        }
      } catch (error) {
        if (error instanceof WebDriverError && error.error === "timeout") {
          await this.control.stopLoading();
          throw tooLong;
        }
        throw error;
      }
      const { status, failure } = await this.control.status();
      if (failure !== null) throw new DriverError("navigation", failure);
      return { url: await this.session.currentUrl(), status, title: await this.session.title() };
    });
  }

  /**
   * A page that never yields (a script looping) leaves WebKitWebDriver
   * without an answer, its own script timeout included: past the deadline
   * the page is stopped and the caller hears of the timeout.
   */
  async evaluate(expression: string, { timeoutMs }: { timeoutMs: number }): Promise<unknown> {
    return this.run("evaluation", async () => {
      await this.session.setTimeouts({ script: timeoutMs });
      const args = [expression, EVALUATE_RESULT_MAX_BYTES];
      const work = this.session.executeScript(EVALUATE, args, timeoutMs) as Promise<JsonCheck | { thrown: string }>;
      let check: JsonCheck | { thrown: string } | "overrun";
      try {
        check = await beforeDeadline(work, timeoutMs + DEADLINE_SLACK_MS);
      } catch (error) {
        // WebDriver's own timeout: the page is responsive, only the script is slow.
        if (error instanceof WebDriverError && error.error === "script timeout") {
          throw new DriverError("evaluation", `evaluation took longer than ${timeoutMs} ms`);
        }
        throw error;
      }
      if (check === "overrun") {
        work.catch(() => {});
        this.stopUnresponsivePage(`a script ran past its ${timeoutMs} ms timeout without yielding`);
        throw new DriverError("evaluation", `evaluation took longer than ${timeoutMs} ms`);
      }
      if ("thrown" in check) throw new DriverError("evaluation", check.thrown);
      if (!check.ok) throw new DriverError(check.tooLarge ? "evaluation" : "not_serializable", check.reason);
      return check.value;
    });
  }

  /**
   * Ends a page that does not yield. WebKitWebDriver cannot stop its script
   * and keep the session, so the whole browser goes, as in a crash.
   */
  private stopUnresponsivePage(why: string): void {
    this.lose(`${why}: the browser was stopped`);
  }

  async screenshot(): Promise<Uint8Array> {
    return this.run("unavailable", () => this.session.screenshot());
  }

  async cookies(): Promise<Cookie[]> {
    return this.run("unavailable", async () => (await this.control.cookies()).cookies.map(toCookie));
  }

  async addCookies(cookies: CookieInput[]): Promise<void> {
    for (const c of cookies) {
      const problem = cookieInputProblem(c);
      if (problem) throw new TypeError(problem);
    }
    await this.run("unavailable", () => this.control.addCookies(cookies.map(normaliseCookie)));
  }

  /**
   * The cookie jar, then the storage of every origin the page showed or the
   * state brought. Reading an origin's storage shows a blank document of that
   * origin, so the page the session was on is left.
   */
  async exportState() {
    return this.run("unavailable", async () => {
      const { cookies } = await this.control.cookies();
      const { origins: shown } = await this.control.status();
      const origins: OriginState[] = [];
      for (const origin of new Set([...this.restoredOrigins, ...shown])) {
        await this.control.loadHtml(origin, BLANK);
        const text = (await this.session.executeScript(COLLECT_STORAGE, [], 30_000)) as string;
        const storage = JSON.parse(text) as Omit<OriginState, "origin">;
        if (storage.localStorage.length > 0 || (storage.indexedDB?.length ?? 0) > 0) {
          origins.push({ origin, ...storage });
        }
      }
      return {
        format: PLAYWRIGHT_STATE_FORMAT,
        data: JSON.stringify({ cookies: cookies.map(toCookie), origins }),
      };
    });
  }

  /** WebKitGTK has no call that stops a running script and keeps the page: nothing to ask. */
  async interrupt(): Promise<void> {}

  /** Kills this session's browser processes: immediate, whatever the page is doing. */
  abandon(): Promise<void> {
    return this.close();
  }

  /**
   * Ends the browser cleanly (WebKit writes its data down; what is left past
   * the deadline is killed) and archives its data directory once every
   * process of it has exited (nothing is writing it any more).
   */
  async exportNative(): Promise<NativeState> {
    this.assertOpen();
    this.quitting = true;
    await this.processes.quit();
    this.end.close();
    this.control.close();
    await this.processes.exited;
    try {
      return this.processes.data.archive();
    } finally {
      this.processes.data.remove();
    }
  }

  async close(): Promise<void> {
    if (this.end.close()) this.control.close();
    void this.processes.exited.then(() => this.processes.data.remove());
  }

  /** Runs a call; its failure becomes a DriverError of `kind`, or `closed` when the browser is gone. */
  private async run<T>(kind: DriverError["kind"], call: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await call();
    } catch (error) {
      if (error instanceof DriverError || error instanceof TypeError) throw error;
      this.assertOpen();
      throw new DriverError(kind, (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "");
    }
  }

  private assertOpen(): void {
    const gone = this.end.gone;
    if (gone) throw new DriverError("closed", gone.why);
  }
}

/**
 * Past its timeout by this much, a call still unanswered means the page is
 * stuck: the handle then stops the browser itself. Longer than the session
 * watchdog takes to give a page up, so that normally the watchdog decides.
 */
const DEADLINE_SLACK_MS = 5_000;

/** `work`'s value, or "overrun" when it is not there within `ms`. */
async function beforeDeadline<T>(work: Promise<T>, ms: number): Promise<T | "overrun"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"overrun">((resolve) => {
    timer = setTimeout(() => resolve("overrun"), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function isHttpOrigin(origin: unknown): origin is string {
  return typeof origin === "string" && /^https?:\/\/[^/]+$/.test(origin);
}

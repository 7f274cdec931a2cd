/**
 * The few W3C WebDriver (classic) commands the WebKitGTK driver needs, over
 * plain `fetch`. One client talks to one WebDriver session.
 */

/** A WebDriver error answer: `error` is the spec's code ("script timeout", "invalid session id", …). */
export class WebDriverError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = "WebDriverError";
  }
}

/** Every command gets an answer within this long, or fails: a hung browser must not hang the caller. */
const COMMAND_SLACK_MS = 5_000;

async function call(
  url: string,
  method: "GET" | "POST" | "DELETE",
  body: unknown,
  timeoutMs: number,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw new WebDriverError(
      timedOut ? "driftstack timeout" : "driftstack unreachable",
      timedOut ? `WebDriver gave no answer within ${timeoutMs} ms` : `WebDriver is unreachable: ${String(error)}`,
    );
  }
  const text = await response.text();
  let parsed: { value?: unknown } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebDriverError("unknown error", `WebDriver answered ${response.status} without JSON`);
  }
  if (!response.ok) {
    const value = (parsed.value ?? {}) as { error?: string; message?: string };
    throw new WebDriverError(value.error ?? "unknown error", value.message ?? `WebDriver answered ${response.status}`);
  }
  return parsed.value;
}

export interface NewSession {
  sessionId: string;
  capabilities: Record<string, unknown>;
}

/** Starts a session on a WebDriver server (`base`, e.g. http://127.0.0.1:4444). */
export async function newSession(base: string, capabilities: unknown, timeoutMs: number): Promise<WebDriverSession> {
  const value = (await call(`${base}/session`, "POST", { capabilities }, timeoutMs)) as NewSession;
  return new WebDriverSession(`${base}/session/${value.sessionId}`);
}

/** Whether the WebDriver server at `base` is up and takes new sessions. */
export async function isReady(base: string): Promise<boolean> {
  try {
    const value = (await call(`${base}/status`, "GET", undefined, 1_000)) as { ready?: boolean };
    return value?.ready === true;
  } catch {
    return false;
  }
}

export class WebDriverSession {
  constructor(readonly url: string) {}

  /** Sets the page load and script timeouts the next commands run under. */
  setTimeouts(timeouts: { pageLoad?: number; script?: number }): Promise<unknown> {
    return this.command("POST", "/timeouts", timeouts);
  }

  /** Navigates and waits for the load; `timeoutMs` bounds the whole command. */
  navigate(url: string, timeoutMs: number): Promise<unknown> {
    return this.command("POST", "/url", { url }, timeoutMs);
  }

  async currentUrl(): Promise<string> {
    return (await this.command("GET", "/url")) as string;
  }

  async title(): Promise<string> {
    return (await this.command("GET", "/title")) as string;
  }

  /** Execute Script: a returned promise is awaited (the script timeout applies). */
  executeScript(script: string, args: unknown[], timeoutMs: number): Promise<unknown> {
    return this.command("POST", "/execute/sync", { script, args }, timeoutMs);
  }

  /** Get All Cookies: only the open document's, which is why the driver reads the jar through its launcher. */
  allCookies(): Promise<unknown> {
    return this.command("GET", "/cookie");
  }

  /** Add Cookie, for the open document's host. */
  addCookie(cookie: { name: string; value: string; path?: string; httpOnly?: boolean; secure?: boolean }) {
    return this.command("POST", "/cookie", { cookie });
  }

  async screenshot(): Promise<Uint8Array> {
    const base64 = (await this.command("GET", "/screenshot")) as string;
    return Uint8Array.from(Buffer.from(base64, "base64"));
  }

  delete(timeoutMs = COMMAND_SLACK_MS): Promise<unknown> {
    return call(this.url, "DELETE", undefined, timeoutMs);
  }

  private command(method: "GET" | "POST", path: string, body?: unknown, timeoutMs = 0): Promise<unknown> {
    return call(`${this.url}${path}`, method, body, timeoutMs + COMMAND_SLACK_MS * 6);
  }
}

import { connect, type Socket } from "node:net";
import type { Cookie } from "./types";

export interface LauncherStatus {
  status: number | null;
  /** Why the last navigation failed, or null. */
  failure: string | null;
  origins: string[];
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

const CONNECT_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 30_000;

/**
 * The server's side of the WebKitGTK launcher's control socket
 * (`launcher/webkitgtk-launcher.py`): one JSON request per line, answered by
 * id. Closing it ends the browser; the launcher closing it (it died, or its
 * renderer did) is how the driver learns of a crash.
 */
export class LauncherControl {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffered = "";
  private closedListeners: Array<() => void> = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.receive(chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error("the browser closed its control connection"));
      }
      this.pending.clear();
      for (const listener of this.closedListeners.splice(0)) listener();
    });
  }

  /** Connects to the launcher's socket at `path`, retrying while the launcher starts. */
  static async connect(path: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<LauncherControl> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(path, () => resolve(s));
          s.once("error", reject);
        });
        return new LauncherControl(socket);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  onClose(listener: () => void): void {
    if (this.closed) queueMicrotask(listener);
    else this.closedListeners.push(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  /**
   * Asks the browser to end cleanly (launcher `quit`): it leaves the page,
   * closes its view and exits once WebKit's network process has handled
   * everything sent before. Answers before the launcher exits.
   */
  quit(timeoutMs: number): Promise<unknown> {
    return this.request("quit", {}, timeoutMs);
  }

  cookies(): Promise<{ cookies: Cookie[] }> {
    return this.request("cookies", {}) as Promise<{ cookies: Cookie[] }>;
  }

  addCookies(cookies: Cookie[]): Promise<unknown> {
    return this.request("add_cookies", { cookies });
  }

  /** Shows `html` as a document of `origin` (e.g. https://example.org), without a network request. */
  loadHtml(origin: string, html: string): Promise<unknown> {
    return this.request("load_html", { origin, html });
  }

  /** Abandons a navigation still loading. */
  stopLoading(): Promise<unknown> {
    return this.request("stop_loading", {});
  }

  /** The last navigation's main response status or failure (`reset`: then forget it), and every http(s) origin the page has shown. */
  status(options: { reset?: boolean } = {}): Promise<LauncherStatus> {
    return this.request("status", options) as Promise<LauncherStatus>;
  }

  private request(command: string, body: Record<string, unknown>, timeoutMs = COMMAND_TIMEOUT_MS): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("the browser closed its control connection"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the browser did not answer "${command}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(`${JSON.stringify({ id, command, ...body })}\n`);
    });
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    for (let end = this.buffered.indexOf("\n"); end !== -1; end = this.buffered.indexOf("\n")) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      const answer = JSON.parse(line) as { id: number; result: unknown; error: string | null };
      const p = this.pending.get(answer.id);
      if (!p) continue;
      this.pending.delete(answer.id);
      clearTimeout(p.timer);
      if (answer.error !== null) p.reject(new Error(answer.error));
      else p.resolve(answer.result);
    }
  }
}

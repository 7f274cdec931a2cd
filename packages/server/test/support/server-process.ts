import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { Session } from "./sessions";

/**
 * `driftstack-server serve` as a real child process, for tests of what only
 * a process shows: signals, exits, restarts on one database file.
 */
const root = join(import.meta.dirname, "../../../..");
const children = new Set<ChildProcess>();

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Everything it has written to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts a server on a port the system picks (`--port 0`, so two never
 * collide) with `env` added to this process's environment; resolves once it
 * listens, with the address it printed.
 */
export async function startServer(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const child = spawn("node", ["--import", "tsx", "packages/server/src/node/cli.ts", "serve", "--port", "0"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  void exited.then(() => children.delete(child));
  let out = "";
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const listening = /listening on (http:\/\/[^\s]+:\d+)/.exec(out);
      if (listening?.[1]) resolve(listening[1]);
    });
    child.stderr?.on("data", (chunk) => {
      out += chunk;
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { base, child, exited, output: () => out };
}

/** Kills every server still running: for `afterAll`. */
export function killServers(): void {
  for (const child of children) child.kill("SIGKILL");
}

/** A JSON call with `key`; a status of 300 or more throws with the body. */
export async function api<T>(key: string, base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls the session until it has `status` (10 s at most). */
export async function until(key: string, base: string, id: string, status: Session["status"]): Promise<Session> {
  for (let i = 0; i < 200; i++) {
    const s = await api<Session>(key, base, "GET", `/v1/sessions/${id}`);
    if (s.status === status) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session ${id} never became ${status}`);
}

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { groupHasLiveMember } from "./run-dir";
import { isReady } from "./webdriver";

const START_TIMEOUT_MS = 15_000;

/** A child process in a process group of its own, so everything it starts can be ended with it. */
export interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  /** Kills the whole process group at once. Safe to call twice. */
  kill(): void;
  /** Resolves true once no process of the group is left, or false after `ms`. */
  drained(ms: number): Promise<boolean>;
}

const DRAIN_POLL_MS = 25;

const live = new Set<Child>();
let exitHookInstalled = false;

/** Starts `command` in its own process group, ended with the server process if nothing ends it first. */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, stdio: "ignore" | "pipe"): Child {
  return spawnedAsChild(spawn(command, args, { env, detached: true, stdio: ["ignore", "ignore", stdio] }));
}

/**
 * Starts Xvfb on a display number it picks itself (`-displayfd`) and resolves
 * with `:N` once the display accepts clients. WebKitGTK has no headless mode.
 */
export async function startXvfb(executable: string): Promise<{ display: string; child: Child }> {
  const process_ = spawn(
    executable,
    ["-displayfd", "3", "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-nolisten", "unix", "-noreset"],
    { detached: true, stdio: ["ignore", "ignore", "ignore", "pipe"] },
  );
  const child = spawnedAsChild(process_);
  const number = await new Promise<string>((resolve, reject) => {
    let text = "";
    const timer = setTimeout(
      () => reject(new Error(`Xvfb did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    process_.stdio[3]?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) {
        clearTimeout(timer);
        resolve(text.trim());
      }
    });
    child.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited at start (${process_.exitCode ?? process_.signalCode})`));
    });
  });
  return { display: `:${number}`, child };
}

function spawnedAsChild(process_: ChildProcess): Child {
  const exited = new Promise<void>((resolve) => {
    process_.once("exit", () => resolve());
    process_.once("error", () => resolve());
  });
  const child: Child = {
    process: process_,
    exited,
    kill() {
      live.delete(child);
      if (process_.pid === undefined || process_.exitCode !== null || process_.signalCode !== null) return;
      try {
        process.kill(-process_.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    },
    async drained(ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        if (process_.pid === undefined || !groupHasLiveMember(process_.pid)) return true;
        if (Date.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
      }
    },
  };
  live.add(child);
  exited.then(() => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const c of [...live]) c.kill();
    });
  }
  return child;
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no loopback port");
  return address.port;
}

/**
 * Starts one WebKitWebDriver (one driver serves one session) on a free
 * loopback port on `display`, and resolves once it takes sessions.
 */
export async function startWebDriver(
  executable: string,
  display: string,
): Promise<{ url: string; child: Child; stderr: () => string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawnGroup(
      executable,
      [`--port=${port}`, "--host=127.0.0.1"],
      { ...process.env, DISPLAY: display },
      "pipe",
    );
    let stderr = "";
    child.process.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    let exited = false;
    child.exited.then(() => {
      exited = true;
    });
    while (!exited && Date.now() < deadline) {
      if (await isReady(url)) return { url, child, stderr: () => stderr };
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill();
    // Another process may have taken the port between our check and the driver's bind.
    if (exited && attempt < 3) continue;
    throw new Error(`WebKitWebDriver did not start: ${stderr.trim().split("\n").pop() ?? "no output"}`);
  }
}

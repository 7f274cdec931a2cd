import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../../../..");

export interface ServerProcess {
  base: string;
  child: ChildProcess;
}

/** Starts `driftstack serve` on `dbUrl` (fake browser) on a free-ish port; resolves once it listens. */
export async function spawnServer(dbUrl: string): Promise<ServerProcess> {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const child = spawn("node", ["--import", "tsx", "packages/server/src/node/cli.ts", "serve", "--port", String(port)], {
    cwd: root,
    env: { ...process.env, DRIFTSTACK_DB_URL: dbUrl, DRIFTSTACK_BROWSER: "fake" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr?.on("data", (chunk) => {
    out += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("listening")) resolve();
    });
    child.once("exit", (code, signal) => reject(new Error(`server exited (${code ?? signal}): ${out}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

/** `kill -9`, resolved once the process is gone. */
export function killHard(server: ServerProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    server.child.kill("SIGKILL");
  });
}

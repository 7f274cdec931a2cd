import type { ChildProcess } from "node:child_process";
import { startServer } from "../support/server-process";

export interface ServerProcess {
  base: string;
  child: ChildProcess;
}

/** Starts `driftstack serve` on `dbUrl` (fake browser) on a port the system picks; resolves once it listens. */
export async function spawnServer(dbUrl: string): Promise<ServerProcess> {
  const { base, child } = await startServer({ DRIFTSTACK_DB_URL: dbUrl, DRIFTSTACK_BROWSER: "fake" });
  return { base, child };
}

/** `kill -9`, resolved once the process is gone. */
export function killHard(server: ServerProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    server.child.kill("SIGKILL");
  });
}

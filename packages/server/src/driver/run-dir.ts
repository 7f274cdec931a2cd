import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Where this server process keeps its temporary engine directories (session
 * data directories, WebKitGTK control sockets): `driftstack-run-<pid>` in the
 * system's temporary directory. Normal close removes each directory and the
 * process's exit removes the parent; a process killed outright (SIGKILL, a
 * crash) leaves its parent behind, and the next server sweeps every parent
 * whose process is gone. A parent of a live process is never touched, and a
 * dead process's pid taken by another process only delays its sweep.
 */
const PREFIX = "driftstack-run-";

let current: string | null = null;

/** This process's parent directory, made (and stale ones swept) on first use. */
export function runDir(): string {
  if (current) return current;
  sweepStaleRunDirs();
  const dir = join(tmpdir(), `${PREFIX}${process.pid}`);
  mkdirSync(dir, { recursive: true });
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  current = dir;
  return dir;
}

/**
 * Removes the parent directories of server processes that no longer run,
 * after killing any browser process left on them (an orphan of the dead
 * server would write on). Returns the directories removed.
 */
export function sweepStaleRunDirs(parent = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const pid = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length)) : Number.NaN;
    if (!Number.isSafeInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    const dir = join(parent, name);
    // With the slash: the parent of pid 12 must not match that of pid 123.
    killProcessesNaming(`${dir}/`);
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** Whether process `pid` (or with a negative `pid`, any of its group) exists: signal 0 tests without sending. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Kills (SIGKILL) every process with `path` on its command line. */
export function killProcessesNaming(path: string): void {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue; // gone, or not ours to read
    }
    if (cmdline.includes(path)) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

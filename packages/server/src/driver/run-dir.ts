import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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

/** `driftstack-run-<pid>`, or `driftstack-run-<pid>-<random>` when the plain name was taken. */
const RUN_DIR_NAME = /^driftstack-run-(\d+)(?:-[A-Za-z0-9]+)?$/;

let current: string | null = null;

/** This process's parent directory, made (and stale ones swept) on first use. */
export function runDir(): string {
  if (current) return current;
  sweepStaleRunDirs();
  const dir = ownDirectory(tmpdir(), `${PREFIX}${process.pid}`);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  current = dir;
  return dir;
}

/**
 * `parent/name`, made private (0700) to this user. The name is predictable,
 * so one that already exists is used only if it is a directory of ours no
 * one else can write in (a leftover of a dead process of ours with this
 * pid); otherwise another user could own or swap the directories sessions
 * keep their cookies in, and a fresh random name is made beside it.
 */
export function ownDirectory(parent: string, name: string): string {
  const dir = join(parent, name);
  try {
    mkdirSync(dir, { mode: 0o700 });
    return dir;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (isPrivateDirectoryOfOurs(dir)) return dir;
  return mkdtempSync(`${dir}-`);
}

/**
 * Removes the parent directories of server processes that no longer run,
 * after killing any browser process left on them (an orphan of the dead
 * server would write on). Only this user's own directories are touched, and
 * one that cannot be removed is left for later: a sweep never stops a
 * server from starting. Returns the directories removed.
 */
export function sweepStaleRunDirs(parent = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const pid = Number(RUN_DIR_NAME.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    const dir = join(parent, name);
    if (!isOwnDirectory(dir)) continue;
    try {
      // With the slash: the parent of pid 12 must not match that of pid 123.
      killProcessesNaming(`${dir}/`);
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // not ours to remove after all (a file inside owned by someone else): left as it is
    }
  }
  return removed;
}

/** A real directory (not a link) owned by this process's user. */
function isOwnDirectory(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && stat.uid === process.getuid?.();
  } catch {
    return false;
  }
}

/** An own directory that no other user can write in or read. */
function isPrivateDirectoryOfOurs(dir: string): boolean {
  return isOwnDirectory(dir) && (lstatSync(dir).mode & 0o077) === 0;
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

/**
 * Whether process group `pgid` still has a member that is not a zombie. A
 * group whose processes have all exited but wait to be reaped (their parent
 * gone, and an init that does not reap, as Node as PID 1 in a container)
 * still answers signal 0; counting it as alive would make every wait on it
 * run to its deadline.
 */
export function groupHasLiveMember(pgid: number): boolean {
  if (!isRunning(-pgid)) return false;
  for (const [, stat] of eachProcessFile("stat", "latin1")) {
    // After the command name in parentheses: state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") return true;
  }
  return false;
}

/**
 * Kills (SIGKILL) every process with `path` on its command line. A process
 * can fork between the scan and the kill (a shell loop writing there), and its
 * child, named the same, is found by the next scan: scans repeat until one
 * finds no process not already killed (a bounded number of times).
 */
export function killProcessesNaming(path: string): void {
  const killed = new Set<number>();
  for (let scan = 0; scan < 20; scan++) {
    let found = 0;
    for (const [pid, cmdline] of eachProcessFile("cmdline", "utf8")) {
      if (killed.has(pid) || !cmdline.includes(path)) continue;
      found++;
      killed.add(pid);
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (found === 0) return;
  }
}

/** Each running process's `/proc/<pid>/<file>`, skipping those gone meanwhile or not ours to read. */
function* eachProcessFile(file: string, encoding: BufferEncoding): Generator<[number, string]> {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/${file}`, encoding);
    } catch {
      continue;
    }
    yield [Number(pid), text];
  }
}

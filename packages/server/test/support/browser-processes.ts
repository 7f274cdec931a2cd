import { readdirSync, readFileSync } from "node:fs";

/**
 * The browser processes this test process started, read from /proc (Linux):
 * to check that a given-up page leaves no renderer behind and burns no CPU.
 */

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

const TICKS_PER_SECOND = 100;

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/**
 * Every live descendant of this process, but for the process trees started with one of `except`
 * on their command line: a warm browser's data directory (`warmPool.waitingDirs()`) marks its
 * browser process, and everything under that is the warm browser's, not a session's.
 */
function descendants(except: readonly string[] = []): Stat[] {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((s): s is Stat => s !== null);
  const found = new Set([process.pid]);
  const skipped = new Set<number>();
  const warm = (pid: number) => except.length > 0 && except.some((dir) => commandLine(pid).includes(dir));
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of all) {
      if (found.has(s.pid) || skipped.has(s.pid)) continue;
      if (skipped.has(s.ppid) || (found.has(s.ppid) && warm(s.pid))) skipped.add(s.pid);
      else if (found.has(s.ppid)) found.add(s.pid);
      else continue;
      grew = true;
    }
  }
  found.delete(process.pid);
  return all.filter((s) => found.has(s.pid));
}

/** Pids of the page processes under this process (Chromium's renderers, WebKit's web processes), but for warm browsers' (see `descendants`). */
export function pageProcesses(except: readonly string[] = []): number[] {
  return descendants(except)
    .filter((s) => /--type=renderer|WebKitWebProcess/.test(commandLine(s.pid)))
    .map((s) => s.pid);
}

/** Whether the process still runs (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** CPU the browser processes under this process used over `ms`, in cores (1 = one core busy), but for warm browsers' (see `descendants`). */
export async function browserCpu(ms = 1000, except: readonly string[] = []): Promise<number> {
  const before = new Map(descendants(except).map((s) => [s.pid, s.ticks]));
  await new Promise((resolve) => setTimeout(resolve, ms));
  let ticks = 0;
  for (const s of descendants(except)) ticks += s.ticks - (before.get(s.pid) ?? s.ticks);
  return ticks / TICKS_PER_SECOND / (ms / 1000);
}

/** The command lines of every live process under this one: what a closed driver must have left none of. */
export function liveDescendants(): string[] {
  return descendants()
    .filter((s) => isRunning(s.pid))
    .map((s) => commandLine(s.pid));
}

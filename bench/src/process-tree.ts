import { readdirSync, readFileSync } from "node:fs";

/** Memory of a process and every descendant: the server plus the browsers it launched. */
export interface TreeMemory {
  processes: number;
  /** Sum of VmRSS: pages shared between processes (libraries, a browser's zygote) count once per process. */
  rssBytes: number;
  /** Sum of Pss: each shared page split between its sharers, so the sum is the tree's real footprint. */
  pssBytes: number;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    // The process ended between listing and reading: it no longer holds memory.
    return null;
  }
}

/** `/proc/<pid>/stat`'s parent pid; the command name in parentheses may itself hold spaces or parentheses. */
function parentOf(pid: number): number | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

function kib(text: string | null, field: string): number {
  const match = text?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Every process under `root` (itself included), found through the parent pids in /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === null) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i] as number) ?? []));
  return found;
}

/** Sums VmRSS (/proc/<pid>/status) and Pss (/proc/<pid>/smaps_rollup) over the tree under `root`. */
export function treeMemory(root: number = process.pid): TreeMemory {
  const pids = descendants(root);
  let rssBytes = 0;
  let pssBytes = 0;
  for (const pid of pids) {
    rssBytes += kib(readOrNull(`/proc/${pid}/status`), "VmRSS");
    pssBytes += kib(readOrNull(`/proc/${pid}/smaps_rollup`), "Pss");
  }
  return { processes: pids.length, rssBytes, pssBytes };
}

import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { groupHasLiveMember, isRunning, ownDirectory, sweepStaleRunDirs } from "../../src/driver/run-dir";

/**
 * The sweep of temporary directories left by server processes that no longer
 * run (run-dir.ts), on a parent of the test's own: a dead process's goes with
 * the browser still running on it, a live one's and anything else stay.
 */
const parents: string[] = [];
afterEach(() => {
  for (const parent of parents.splice(0)) rmSync(parent, { recursive: true, force: true });
});

it("removes a dead process's directory and kills what runs on it; keeps a live process's and other names", async () => {
  const parent = mkdtempSync(join(tmpdir(), "run-dir-test-"));
  parents.push(parent);
  const dead = spawnSync("true").pid;
  const deadDir = join(parent, `driftstack-run-${dead}`);
  const liveDir = join(parent, `driftstack-run-${process.pid}`);
  const other = join(parent, "driftstack-run-x");
  for (const dir of [deadDir, liveDir, other]) {
    mkdirSync(join(dir, "data-abc123"), { recursive: true });
    writeFileSync(join(dir, "data-abc123", "file"), "x");
  }
  // An orphan browser of the dead server, still on its directory, and a process of the live one.
  const orphan = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", `${deadDir}/data-abc123`], {
    stdio: "ignore",
  });
  const kept = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", `${liveDir}/data-abc123`], {
    stdio: "ignore",
  });
  // Another directory whose name starts with the dead one's (pid 12's beside pid 123's).
  const neighbour = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", `${deadDir}0/data-abc123`], {
    stdio: "ignore",
  });
  // Running, with the path on their command line, before the sweep reads /proc.
  await Promise.all([once(orphan, "spawn"), once(kept, "spawn"), once(neighbour, "spawn")]);
  const orphanExit = new Promise((resolve) => orphan.once("exit", (_code, signal) => resolve(signal)));
  try {
    expect(sweepStaleRunDirs(parent)).toEqual([deadDir]);
    expect(await orphanExit).toBe("SIGKILL");
    // A process killed with the orphan would have reported its exit by now too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(deadDir)).toBe(false);
    expect(existsSync(join(liveDir, "data-abc123", "file"))).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(kept.exitCode).toBeNull();
    expect(neighbour.exitCode).toBeNull();
    expect(neighbour.signalCode).toBeNull();
  } finally {
    neighbour.kill("SIGKILL");
    orphan.kill("SIGKILL");
    kept.kill("SIGKILL");
  }
});

it("never puts its directories in one another user could write in or swap: a taken name gets a private one beside it", () => {
  const parent = mkdtempSync(join(tmpdir(), "run-dir-test-"));
  parents.push(parent);
  const open = join(parent, "driftstack-run-4242");
  mkdirSync(open);
  chmodSync(open, 0o777);
  const target = mkdtempSync(join(parent, "elsewhere-"));
  symlinkSync(target, join(parent, "driftstack-run-4343"));

  for (const name of ["driftstack-run-4242", "driftstack-run-4343"]) {
    const dir = ownDirectory(parent, name);
    expect(dir.startsWith(join(parent, `${name}-`))).toBe(true);
    expect(lstatSync(dir).isDirectory()).toBe(true);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
  }
  const fresh = ownDirectory(parent, "driftstack-run-4444");
  expect(fresh).toBe(join(parent, "driftstack-run-4444"));
  expect(lstatSync(fresh).mode & 0o777).toBe(0o700);
  // A private directory of ours under the name (a dead process of ours with this pid) is used again.
  expect(ownDirectory(parent, "driftstack-run-4444")).toBe(fresh);
});

it("sweeps a dead process's directory of either name form, but never follows a link", () => {
  const parent = mkdtempSync(join(tmpdir(), "run-dir-test-"));
  parents.push(parent);
  const dead = spawnSync("true").pid;
  const suffixed = join(parent, `driftstack-run-${dead}-Ab12cD`);
  mkdirSync(join(suffixed, "data-x"), { recursive: true });
  const target = mkdtempSync(join(parent, "elsewhere-"));
  writeFileSync(join(target, "kept"), "x");
  const link = join(parent, `driftstack-run-${dead + 1_000_000}`);
  symlinkSync(target, link);

  expect(sweepStaleRunDirs(parent)).toEqual([suffixed]);
  expect(existsSync(suffixed)).toBe(false);
  expect(existsSync(join(target, "kept"))).toBe(true);
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
});

it("counts a process group with only an unreaped zombie left as ended, and one with a live member as running", async () => {
  // A parent that never reaps; its child leads a group of its own and exits at once.
  const script = [
    "import os, time",
    "pid = os.fork()",
    "if pid == 0:",
    "    os.setpgid(0, 0)",
    "    os._exit(0)",
    "print(pid, flush=True)",
    "time.sleep(30)",
  ].join("\n");
  const parent = spawn("/usr/bin/python3", ["-c", script], { stdio: ["ignore", "pipe", "ignore"] });
  const sleeper = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
  try {
    const [line] = (await once(parent.stdout, "data")) as [Buffer];
    const zombie = Number(line.toString().trim());
    const state = () => readFileSync(`/proc/${zombie}/stat`, "latin1").split(") ")[1]?.split(" ")[0];
    await expect.poll(state, { timeout: 5_000 }).toBe("Z");
    expect(isRunning(-zombie)).toBe(true); // signal 0 still reaches the unreaped group
    expect(groupHasLiveMember(zombie)).toBe(false);
    expect(groupHasLiveMember(sleeper.pid ?? 0)).toBe(true);
  } finally {
    parent.kill("SIGKILL");
    sleeper.kill("SIGKILL");
  }
});

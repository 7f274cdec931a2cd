import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { sweepStaleRunDirs } from "../../src/driver/run-dir";

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

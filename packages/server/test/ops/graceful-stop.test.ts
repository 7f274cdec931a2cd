import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { api, until } from "../support/server-process";
import type { Session } from "../support/sessions";

/**
 * `pnpm start` as a user runs it, stopped as a user stops it: SIGTERM to the
 * pnpm process alone (pnpm 12 does not pass it on), and Ctrl-C (SIGINT to the
 * whole process group). Either way the server it started persists its active
 * session, says so, and is gone: nothing keeps listening.
 */
const root = join(import.meta.dirname, "../../../..");
// `pnpm start` loads TypeScript through tsx: tens of seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 180_000 });
const groups = new Set<number>();

afterAll(() => {
  for (const pgid of groups) killGroup(pgid);
});

interface Started {
  pnpm: ChildProcess;
  base: string;
  key: string;
  /** Everything the group wrote to stdout and stderr, once every process holding the pipe has exited. */
  output: Promise<string>;
}

/** `pnpm start` in its own process group, on a free port, a fresh database file and the fake browser. */
async function pnpmStart(): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), "driftstack-stop-"));
  const pnpm = spawn("pnpm", ["start"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: "0", DRIFTSTACK_DB_URL: `file:${join(dir, "stop.db")}`, DRIFTSTACK_BROWSER: "fake" },
  });
  if (pnpm.pid === undefined) throw new Error("pnpm did not start");
  groups.add(pnpm.pid);
  let out = "";
  pnpm.stderr?.on("data", (chunk) => {
    out += chunk;
  });
  // stdout closes when the last process holding it (pnpm, its shell, the server) has exited.
  const output = new Promise<string>((resolve) => {
    pnpm.stdout?.on("data", (chunk) => {
      out += chunk;
    });
    pnpm.stdout?.once("close", () => resolve(out));
  });
  const started = await new Promise<{ base: string; key: string }>((resolve, reject) => {
    const check = () => {
      const key = /DRIFTSTACK_API_KEY=(\S+)/.exec(out)?.[1];
      const base = /listening on (http:\/\/[^\s]+:\d+)/.exec(out)?.[1];
      if (key && base) resolve({ base, key });
    };
    pnpm.stdout?.on("data", check);
    void output.then((text) => reject(new Error(`pnpm start ended before listening: ${text}`)));
  });
  return { pnpm, output, ...started };
}

/** A session left active on a fresh profile, so the stop has something to persist. */
async function activeSession({ base, key }: Started): Promise<void> {
  const profile = await api<{ id: string }>(key, base, "POST", "/v1/profiles", { name: "stop-me" });
  const session = await api<Session>(key, base, "POST", "/v1/sessions", { profile_id: profile.id });
  await until(key, base, session.id, "active");
}

function refusesConnections(base: string): Promise<boolean> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** The live processes still in process group `pgid` (zombies have exited: they wait only to be reaped). */
function groupMembers(pgid: number): string[] {
  const ps = execFileSync("ps", ["-e", "-o", "pid=,pgid=,stat=,args="], { encoding: "utf8" });
  return ps
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group, stat]) => group === String(pgid) && !stat?.startsWith("Z"))
    .map(([pid, , , ...args]) => `${pid} ${args.join(" ")}`);
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // Already gone: what the tests want.
  }
}

async function expectStoppedCleanly(started: Started): Promise<void> {
  const pgid = started.pnpm.pid ?? 0;
  const output = await Promise.race([
    started.output,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still running 30 s after the stop: ${groupMembers(pgid)}`)), 30_000),
    ),
  ]);
  expect(output).toMatch(/"msg":"persisted 1 sessions"/);
  expect(output).toMatch(/"msg":"stopped"/);
  expect(await refusesConnections(started.base)).toBe(true);
  expect(groupMembers(pgid)).toEqual([]);
}

describe("pnpm start", () => {
  it("stops the server it started on SIGTERM to pnpm alone: sessions persisted, nothing left listening", async () => {
    const started = await pnpmStart();
    await activeSession(started);
    started.pnpm.kill("SIGTERM");
    await expectStoppedCleanly(started);
  });

  it("stops on Ctrl-C (SIGINT to the process group) the same way", async () => {
    const started = await pnpmStart();
    await activeSession(started);
    process.kill(-(started.pnpm.pid ?? 0), "SIGINT");
    await expectStoppedCleanly(started);
  });
});

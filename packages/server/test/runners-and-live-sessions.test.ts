import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../src/store/database";
import { endAllOfDeadRunners, heartbeat } from "../src/store/runners";
import { runners, sessions } from "../src/store/schema";
import { countLiveSessions } from "../src/store/session-counts";
import { testApp } from "./support/harness";

// The runners table as the store keeps it: who beats, who is gone, what a gone runner's
// sessions become, and how many sessions are live for the metrics gauge. The crash suites show the same end to end with real processes.
let db: Database;
const now = 1_000_000;
const staleMs = 30_000;

beforeEach(async () => {
  db = (await testApp()).db;
});

const allRunners = async () =>
  (await db.orm.select().from(runners).orderBy(asc(runners.id))).map(({ id, host, pid }) => ({ id, host, pid }));

function session(
  id: string,
  runnerId: string,
  status: "queued" | "active" | "closed" | "failed",
  profileId = `prof_${id}`,
) {
  return {
    id,
    accountId: "acct",
    profileId,
    archetype: "a",
    persist: false,
    idleTimeoutS: 300,
    status,
    runnerId,
    createdByKeyId: "key",
    createdByAccountId: "acct",
    createdAt: now - 1_000,
  };
}

describe("heartbeat", () => {
  it("records its host and pid, and removes the runners of its own host whose process is gone", async () => {
    await db.orm.insert(runners).values([
      { id: "r_dead", host: "h", pid: 11, heartbeatAt: now, startedAt: now },
      { id: "r_alive", host: "h", pid: 12, heartbeatAt: now, startedAt: now },
      { id: "r_elsewhere", host: "other", pid: 11, heartbeatAt: now, startedAt: now },
      { id: "r_unknown", host: "h", pid: null, heartbeatAt: now, startedAt: now },
    ]);
    const isAlive = (pid: number) => pid !== 11;
    await db.write((tx) => heartbeat(tx, "r_me", now, { host: "h", pid: 10, isAlive }));
    expect(await allRunners()).toEqual([
      { id: "r_alive", host: "h", pid: 12 },
      { id: "r_elsewhere", host: "other", pid: 11 },
      { id: "r_me", host: "h", pid: 10 },
      { id: "r_unknown", host: "h", pid: null },
    ]);
  });

  it("without a process to name, records neither host nor pid and removes nobody", async () => {
    await db.orm.insert(runners).values({ id: "r_dead", host: "h", pid: 11, heartbeatAt: now, startedAt: now });
    await db.write((tx) => heartbeat(tx, "r_me", now));
    expect(await allRunners()).toEqual([
      { id: "r_dead", host: "h", pid: 11 },
      { id: "r_me", host: null, pid: null },
    ]);
  });
});

describe("endAllOfDeadRunners", () => {
  it("fails the queued and active sessions of stale and unknown runners as server_lost, and names their profiles once", async () => {
    await db.orm.insert(runners).values([
      { id: "r_stale", host: null, pid: null, heartbeatAt: now - staleMs - 1, startedAt: 0 },
      { id: "r_live", host: null, pid: null, heartbeatAt: now - staleMs, startedAt: 0 },
    ]);
    await db.orm
      .insert(sessions)
      .values([
        session("s1", "r_stale", "active", "prof_a"),
        session("s2", "r_stale", "queued", "prof_a"),
        session("s3", "r_gone", "queued", "prof_b"),
        session("s4", "r_stale", "closed", "prof_c"),
        session("s5", "r_live", "active", "prof_d"),
      ]);
    const changed = await db.write((tx) => endAllOfDeadRunners(tx, { now, staleMs }));
    expect(changed.sort()).toEqual(["prof_a", "prof_b"]);
    const rows = await db.orm.select().from(sessions).orderBy(asc(sessions.id));
    expect(rows.map(({ id, status, endReason, endedAt }) => ({ id, status, endReason, endedAt }))).toEqual([
      { id: "s1", status: "failed", endReason: "server_lost", endedAt: now },
      { id: "s2", status: "failed", endReason: "server_lost", endedAt: now },
      { id: "s3", status: "failed", endReason: "server_lost", endedAt: now },
      { id: "s4", status: "closed", endReason: null, endedAt: null },
      { id: "s5", status: "active", endReason: null, endedAt: null },
    ]);
    expect((await allRunners()).map((r) => r.id)).toEqual(["r_live"]);
  });

  it("changes nothing and names no profile when every live session's runner beats", async () => {
    await db.orm.insert(runners).values({ id: "r_live", host: null, pid: null, heartbeatAt: now, startedAt: 0 });
    await db.orm.insert(sessions).values(session("s1", "r_live", "active"));
    expect(await db.write((tx) => endAllOfDeadRunners(tx, { now, staleMs }))).toEqual([]);
    expect((await db.orm.select().from(sessions))[0]?.status).toBe("active");
  });
});

describe("countLiveSessions", () => {
  it("counts active and queued sessions across every runner, and no ended one", async () => {
    expect(await db.read((q) => countLiveSessions(q))).toEqual({ active: 0, queued: 0 });
    await db.orm
      .insert(sessions)
      .values([
        session("s1", "r1", "active"),
        session("s2", "r2", "active"),
        session("s3", "r1", "queued"),
        session("s4", "r1", "closed"),
        session("s5", "r2", "failed"),
      ]);
    expect(await db.read((q) => countLiveSessions(q))).toEqual({ active: 2, queued: 1 });
  });
});

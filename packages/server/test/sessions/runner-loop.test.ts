import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runners } from "../../src/store/schema";
import { endSession } from "../../src/store/sessions";
import { eventually, newProfile, ok, peerServer, type Session, type SessionApp, sessionApp } from "../support/sessions";

/**
 * The heartbeat loop, watched through what other servers see of it: this server's row in
 * `runners` (its heartbeat) and the sessions it starts or closes on its own. Beats are 20 ms
 * apart here, so a few hundred milliseconds show whether the loop runs.
 */
const BEAT_MS = 20;
/** Long enough for several beats, even on a loaded machine. */
const SEVERAL_BEATS_MS = 200;
const service = { heartbeatMs: BEAT_MS, runnerStaleMs: 10_000 };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** This server's last heartbeat, or null when it has no row in `runners`. */
async function lastBeat(t: Pick<SessionApp, "db">, runnerId: string): Promise<number | null> {
  const rows = await t.db.read((q) =>
    q.select({ at: runners.heartbeatAt }).from(runners).where(eq(runners.id, runnerId)),
  );
  return rows[0]?.at ?? null;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the heartbeat loop of one server", () => {
  it("beats while a session is open and stops beating once the server is idle", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const session = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    await pause(SEVERAL_BEATS_MS);
    const later = await lastBeat(t, t.sessions.runnerId);
    await pause(SEVERAL_BEATS_MS);
    expect(later).not.toBeNull();
    expect(await lastBeat(t, t.sessions.runnerId)).toBeGreaterThan(later ?? Number.POSITIVE_INFINITY);

    await ok(t.call(owner, "DELETE", `/v1/sessions/${session.id}`));
    await pause(SEVERAL_BEATS_MS);
    const idle = await lastBeat(t, t.sessions.runnerId);
    await pause(SEVERAL_BEATS_MS);
    expect(await lastBeat(t, t.sessions.runnerId)).toBe(idle);
  });

  it("runs one loop however many sessions open, so it stops once they have all closed", async () => {
    const t = await sessionApp({ service: { ...service, maxActive: 2 } });
    const owner = await t.account();
    const sessions = [];
    for (const name of ["a", "b"]) {
      const profile = await newProfile(t, owner, name);
      sessions.push(await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id })));
    }
    for (const session of sessions) await ok(t.call(owner, "DELETE", `/v1/sessions/${session.id}`));
    await pause(SEVERAL_BEATS_MS);
    const idle = await lastBeat(t, t.sessions.runnerId);
    await pause(SEVERAL_BEATS_MS);
    expect(idle).not.toBeNull();
    expect(await lastBeat(t, t.sessions.runnerId)).toBe(idle);
  });

  it("beats from start() on with nothing open, and stops for good at shutdown", async () => {
    const t = await sessionApp({ service });
    await t.sessions.start();
    expect(await lastBeat(t, t.sessions.runnerId)).not.toBeNull();
    // Still beating well after the first beats: an idle loop not started for good stops by now.
    await pause(SEVERAL_BEATS_MS);
    const later = await lastBeat(t, t.sessions.runnerId);
    await pause(SEVERAL_BEATS_MS);
    expect(await lastBeat(t, t.sessions.runnerId)).toBeGreaterThan(later ?? Number.POSITIVE_INFINITY);

    await t.sessions.shutdown();
    await pause(SEVERAL_BEATS_MS);
    // Shutdown removed the row: a beat after it would put it back, and the server would look alive.
    expect(await lastBeat(t, t.sessions.runnerId)).toBeNull();
  });

  it("is not started again by a session created after shutdown", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "late");
    await t.sessions.shutdown();
    await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id, persist: false }));
    const created = await lastBeat(t, t.sessions.runnerId);
    await pause(SEVERAL_BEATS_MS);
    expect(await lastBeat(t, t.sessions.runnerId)).toBe(created);
  });

  it("logs a beat that fails, naming the loop, and beats again afterwards", async () => {
    let failing = false;
    const clock = {
      now: () => {
        if (failing) throw new Error("clock unavailable");
        return Date.now();
      },
    };
    const t = await sessionApp({ service: { ...service, clock } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const session = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    failing = true;
    await eventually(
      async () => logged.mock.calls.length,
      (n) => n > 0,
      2_000,
    );
    failing = false;
    expect(logged.mock.calls[0]).toEqual(["driftstack: session loop", new Error("clock unavailable")]);
    const after = await lastBeat(t, t.sessions.runnerId);
    await pause(SEVERAL_BEATS_MS);
    expect(await lastBeat(t, t.sessions.runnerId)).toBeGreaterThan(after ?? Number.POSITIVE_INFINITY);
    await ok(t.call(owner, "DELETE", `/v1/sessions/${session.id}`));
  });

  it("closes the context of a session another server ended, and frees its slot", async () => {
    const t = await sessionApp({ service: { ...service, maxActive: 1 } });
    const owner = await t.account();
    const [a, b] = [await newProfile(t, owner, "a"), await newProfile(t, owner, "b")];
    const lost = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: a.id }));
    expect((await t.call(owner, "POST", "/v1/sessions", { profile_id: b.id })).status).toBe(429);
    // What a server that took this one for dead does to its sessions.
    await t.db.write((tx) => endSession(tx, lost.id, { status: "failed", reason: "server_lost", now: Date.now() }));
    const next = await eventually(
      () => t.call(owner, "POST", "/v1/sessions", { profile_id: b.id }),
      (res) => res.status === 200,
      2_000,
    );
    expect(next.status).toBe(200);
    expect(await ok<Session>(t.call(owner, "GET", `/v1/sessions/${lost.id}`))).toMatchObject({
      status: "failed",
      end_reason: "server_lost",
    });
  });
});

describe("the heartbeat loop beside another server", () => {
  it("keeps running for a session queued here behind the other server's writer, and starts it", async () => {
    const a = await sessionApp({ file: true, service });
    const owner = await a.account();
    const profile = await newProfile(a, owner, "shared");
    const b = peerServer(a, { service });
    const writer = await ok<Session>(b.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const queued = await ok<Session>(a.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect(queued.status).toBe("queued");
    await pause(SEVERAL_BEATS_MS);
    await ok(b.call(owner, "DELETE", `/v1/sessions/${writer.id}`));
    const started = await eventually(
      () => ok<Session>(a.call(owner, "GET", `/v1/sessions/${queued.id}`)),
      (s) => s.status === "active",
      3_000,
    );
    expect(started.status).toBe("active");
    await Promise.all([a.sessions.shutdown(), b.sessions.shutdown()]);
  });

  it("starts a session queued here only when this server has a free slot", async () => {
    const a = await sessionApp({ file: true, service: { ...service, maxActive: 1 } });
    const owner = await a.account();
    const [shared, own] = [await newProfile(a, owner, "shared"), await newProfile(a, owner, "own")];
    const b = peerServer(a, { service });
    const writer = await ok<Session>(b.call(owner, "POST", "/v1/sessions", { profile_id: shared.id }));
    const queued = await ok<Session>(a.call(owner, "POST", "/v1/sessions", { profile_id: shared.id }));
    const busy = await ok<Session>(a.call(owner, "POST", "/v1/sessions", { profile_id: own.id }));
    await ok(b.call(owner, "DELETE", `/v1/sessions/${writer.id}`));
    await pause(SEVERAL_BEATS_MS);
    expect((await ok<Session>(a.call(owner, "GET", `/v1/sessions/${queued.id}`))).status).toBe("queued");

    await ok(a.call(owner, "DELETE", `/v1/sessions/${busy.id}`));
    const started = await eventually(
      () => ok<Session>(a.call(owner, "GET", `/v1/sessions/${queued.id}`)),
      (s) => s.status === "active",
      3_000,
    );
    expect(started.status).toBe("active");
    await Promise.all([a.sessions.shutdown(), b.sessions.shutdown()]);
  });
});

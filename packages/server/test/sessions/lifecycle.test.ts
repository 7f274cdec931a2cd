import { beforeEach, describe, expect, it } from "vitest";
import type { TestAccount } from "../support/harness";
import {
  eventually,
  newProfile,
  ok,
  type Profile,
  peerServer,
  type Session,
  type SessionApp,
  sessionApp,
} from "../support/sessions";

/** The session lifecycle over the API with the fake driver: queueing, persistence, endings. */
let t: SessionApp;
let owner: TestAccount;
let profile: Profile;

beforeEach(async () => {
  t = await sessionApp();
  owner = await t.account("api_builder");
  profile = await newProfile(t, owner, "prod");
});

const open = (body: Record<string, unknown>) => ok<Session>(t.call(owner, "POST", "/v1/sessions", body));
const get = (id: string) => ok<Session>(t.call(owner, "GET", `/v1/sessions/${id}`));
const destroy = (id: string) => ok<Session>(t.call(owner, "DELETE", `/v1/sessions/${id}`));
const cookies = (id: string) =>
  ok<{ data: { name: string; value: string }[] }>(t.call(owner, "GET", `/v1/sessions/${id}/cookies`));
const addCookie = (id: string, name: string, value = "v") =>
  ok(t.call(owner, "POST", `/v1/sessions/${id}/cookies`, { cookies: [{ name, value, url: "https://example.org/" }] }));

describe("creating a session", () => {
  it("starts active, touches last_used_at, marks the profile in use and audits it", async () => {
    const session = await open({ profile_id: profile.id });
    expect(session).toMatchObject({
      profile_id: profile.id,
      status: "active",
      queue_position: null,
      persist: true,
      engine: "fake",
      end_reason: null,
    });
    expect(session.id).toMatch(/^sess_/);
    const after = await ok<Profile>(t.call(owner, "GET", `/v1/profiles/${profile.id}`));
    expect(after.last_used_at).not.toBeNull();
    expect(after.in_use).toBe(true);
    const audit = await ok<{ data: { action: string; target: { id: string } }[] }>(
      t.call(owner, "GET", "/v1/audit-log?action=session.created"),
    );
    expect(audit.data[0]?.target.id).toBe(session.id);
  });

  it("answers 404 for another account's profile and 400 for bad input", async () => {
    const stranger = await t.account("solo_manual");
    expect((await t.call(stranger, "POST", "/v1/sessions", { profile_id: profile.id })).status).toBe(404);
    for (const body of [
      {},
      { profile_id: profile.id, idle_timeout_s: 0 },
      { profile_id: profile.id, persist: "yes" },
      { profile_id: profile.id, extra: 1 },
    ]) {
      expect((await t.call(owner, "POST", "/v1/sessions", body)).status).toBe(400);
    }
  });
});

describe("one writer per profile", () => {
  it("queues later writers FIFO, refuses actions on them, and starts each when the one ahead ends", async () => {
    const first = await open({ profile_id: profile.id });
    const second = await open({ profile_id: profile.id });
    const third = await open({ profile_id: profile.id });
    expect(second).toMatchObject({ status: "queued", queue_position: 1, started_at: null });
    expect(third).toMatchObject({ status: "queued", queue_position: 2 });
    const refused = await t.call(owner, "POST", `/v1/sessions/${second.id}/goto`, { url: "https://example.org/" });
    expect(refused.status).toBe(409);
    expect((await t.call(owner, "GET", `/v1/sessions/${second.id}/cookies`)).status).toBe(409);

    await destroy(first.id);
    expect(await get(second.id)).toMatchObject({ status: "active", queue_position: null });
    expect(await get(third.id)).toMatchObject({ status: "queued", queue_position: 1 });
    await destroy(second.id);
    expect((await get(third.id)).status).toBe("active");
  });

  it("starts read-only sessions at once beside a writer and never writes their state back", async () => {
    const writer = await open({ profile_id: profile.id });
    await addCookie(writer.id, "from-writer");
    await destroy(writer.id);
    const writer2 = await open({ profile_id: profile.id });
    const reader = await open({ profile_id: profile.id, persist: false });
    expect(reader).toMatchObject({ status: "active", persist: false });
    expect((await cookies(reader.id)).data.map((c) => c.name)).toEqual(["from-writer"]);
    await addCookie(reader.id, "from-reader");
    const ended = await destroy(reader.id);
    expect(ended.state_persisted_at).toBeNull();
    await destroy(writer2.id);
    const next = await open({ profile_id: profile.id });
    expect((await cookies(next.id)).data.map((c) => c.name)).toEqual(["from-writer"]);
  });

  it("cancels a queued session on destroy and moves the queue up", async () => {
    await open({ profile_id: profile.id });
    const second = await open({ profile_id: profile.id });
    const third = await open({ profile_id: profile.id });
    expect(await destroy(second.id)).toMatchObject({ status: "closed", end_reason: "cancelled" });
    expect((await get(third.id)).queue_position).toBe(1);
  });
});

describe("state", () => {
  it("persists on destroy and is there in the next session; the profile reports its size", async () => {
    const first = await open({ profile_id: profile.id });
    await addCookie(first.id, "login", "yes");
    const ended = await destroy(first.id);
    expect(ended).toMatchObject({ status: "closed", end_reason: "destroyed" });
    expect(ended.state_persisted_at).not.toBeNull();
    const after = await ok<Profile>(t.call(owner, "GET", `/v1/profiles/${profile.id}`));
    expect(after.state_bytes).toBeGreaterThan(0);
    expect(after.state_updated_at).toBe(ended.state_persisted_at);
    expect(after.in_use).toBe(false);
    const next = await open({ profile_id: profile.id });
    expect((await cookies(next.id)).data).toMatchObject([{ name: "login", value: "yes" }]);
  });

  it("gives restored profiles the snapshot's state and clones and other profiles none", async () => {
    const s = await open({ profile_id: profile.id });
    await addCookie(s.id, "login");
    await destroy(s.id);
    const snap = await ok<{ id: string; state_bytes: number }>(
      t.call(owner, "POST", `/v1/profiles/${profile.id}/snapshots`, { label: "x" }),
    );
    expect(snap.state_bytes).toBeGreaterThan(0);
    const restored = await ok<Profile>(t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`));
    const clone = await ok<Profile>(t.call(owner, "POST", `/v1/profiles/${profile.id}/clone`));
    const other = await newProfile(t, owner, "other");
    expect(clone.state_bytes).toBeNull();
    const jar = async (p: Profile) => {
      const session = await open({ profile_id: p.id, persist: false });
      return (await cookies(session.id)).data.map((c) => `${c.name}=${c.value}`);
    };
    expect(await jar(restored)).toEqual(["login=v"]);
    expect(await jar(clone)).toEqual([]);
    expect(await jar(other)).toEqual([]);
  });

  it("keeps the snapshot's state when the restored profile later persists its own", async () => {
    const s = await open({ profile_id: profile.id });
    await addCookie(s.id, "original");
    await destroy(s.id);
    const snap = await ok<{ id: string }>(
      t.call(owner, "POST", `/v1/profiles/${profile.id}/snapshots`, { label: "x" }),
    );
    const restored = await ok<Profile>(t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`));
    const r = await open({ profile_id: restored.id });
    await addCookie(r.id, "later");
    await destroy(r.id);
    const again = await ok<Profile>(t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`));
    const check = await open({ profile_id: again.id, persist: false });
    expect((await cookies(check.id)).data.map((c) => c.name)).toEqual(["original"]);
  });
});

describe("endings", () => {
  it("closes and persists an idle session by itself", async () => {
    const session = await open({ profile_id: profile.id, idle_timeout_s: 1 });
    await addCookie(session.id, "idle");
    const ended = await eventually(
      () => get(session.id),
      (s) => s.status !== "active",
      5000,
    );
    expect(ended).toMatchObject({ status: "closed", end_reason: "idle_timeout" });
    expect(ended.state_persisted_at).not.toBeNull();
  });

  it("fails a session whose browser crashed, keeps the last good state and starts the next writer", async () => {
    const first = await open({ profile_id: profile.id });
    await addCookie(first.id, "good");
    await destroy(first.id);
    const second = await open({ profile_id: profile.id });
    const third = await open({ profile_id: profile.id });
    await addCookie(second.id, "lost");
    t.driver.crashAll();
    const crashed = await eventually(
      () => get(second.id),
      (s) => s.status === "failed",
    );
    expect(crashed).toMatchObject({ status: "failed", end_reason: "browser_crashed", state_persisted_at: null });
    expect(
      (
        await eventually(
          () => get(third.id),
          (s) => s.status === "active",
        )
      ).status,
    ).toBe("active");
    expect((await cookies(third.id)).data.map((c) => c.name)).toEqual(["good"]);
  });

  it("answers 410 for every session of a deleted profile and ends them", async () => {
    const active = await open({ profile_id: profile.id });
    const queued = await open({ profile_id: profile.id });
    expect((await t.call(owner, "DELETE", `/v1/profiles/${profile.id}`)).status).toBe(204);
    for (const [method, path, body] of [
      ["POST", `/v1/sessions/${active.id}/goto`, { url: "https://example.org/" }],
      ["GET", `/v1/sessions/${active.id}/cookies`, undefined],
      ["GET", `/v1/sessions/${queued.id}/screenshot`, undefined],
      ["DELETE", `/v1/sessions/${active.id}`, undefined],
    ] as const) {
      const res = await t.call(owner, method, path, body);
      expect(res.status).toBe(410);
      expect((await res.json()).code).toBe("Gone");
    }
    expect(await get(active.id)).toMatchObject({ status: "closed", end_reason: "profile_deleted" });
    expect(await get(queued.id)).toMatchObject({ status: "closed", end_reason: "profile_deleted" });
  });

  it("returns an ended session unchanged on a second destroy and refuses actions on it", async () => {
    const session = await open({ profile_id: profile.id });
    const ended = await destroy(session.id);
    expect(ended.saved).toMatchObject({ origins: 0, cookies: 0 });
    // The second destroy saved nothing itself: only `saved` says so.
    expect(await destroy(session.id)).toEqual({ ...ended, saved: null });
    expect((await t.call(owner, "GET", `/v1/sessions/${session.id}/cookies`)).status).toBe(409);
  });

  it("persists active sessions and fails queued ones on shutdown", async () => {
    const active = await open({ profile_id: profile.id });
    const queued = await open({ profile_id: profile.id });
    await addCookie(active.id, "kept");
    await t.sessions.shutdown();
    expect(await get(active.id)).toMatchObject({ status: "closed", end_reason: "server_shutdown" });
    expect((await get(active.id)).state_persisted_at).not.toBeNull();
    expect(await get(queued.id)).toMatchObject({ status: "failed", end_reason: "server_shutdown" });
    // The saved state holds the cookie itself, not merely some bytes: the next server reads it back.
    const next = peerServer(t);
    const again = await ok<Session>(next.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const jar = await ok<{ data: { name: string; value: string }[] }>(
      next.call(owner, "GET", `/v1/sessions/${again.id}/cookies`),
    );
    expect(jar.data).toMatchObject([{ name: "kept", value: "v" }]);
  });
});

describe("lists and lookups", () => {
  it("lists newest first with profile_id and status filters; other accounts see nothing", async () => {
    const a = await open({ profile_id: profile.id });
    const b = await open({ profile_id: profile.id });
    const other = await newProfile(t, owner, "other");
    const c = await open({ profile_id: other.id });
    const all = await ok<{ data: Session[] }>(t.call(owner, "GET", "/v1/sessions"));
    expect(all.data.map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    const queued = await ok<{ data: Session[] }>(t.call(owner, "GET", "/v1/sessions?status=queued"));
    expect(queued.data.map((s) => s.id)).toEqual([b.id]);
    const byProfile = await ok<{ data: Session[] }>(t.call(owner, "GET", `/v1/sessions?profile_id=${other.id}`));
    expect(byProfile.data.map((s) => s.id)).toEqual([c.id]);
    const stranger = await t.account("solo_manual");
    expect((await t.call(stranger, "GET", `/v1/sessions/${a.id}`)).status).toBe(404);
    expect((await t.call(stranger, "DELETE", `/v1/sessions/${a.id}`)).status).toBe(404);
    expect((await ok<{ data: Session[] }>(t.call(stranger, "GET", "/v1/sessions"))).data).toEqual([]);
  });
});

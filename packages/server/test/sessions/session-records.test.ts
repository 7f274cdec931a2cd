import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../src/domain/telemetry";
import { DriverError } from "../../src/driver/types";
import { endSession } from "../../src/store/sessions";
import { fakeDriverWith } from "../support/fake-driver-with";
import { eventually, newProfile, ok, type Profile, type Session, sessionApp } from "../support/sessions";

/** The loop is not what these tests are about: it never beats during them. */
const service = { heartbeatMs: 60_000 };

type AuditEntry = { action: string; target: { type: string; id: string }; payload: Record<string, unknown> };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("what a session leaves in the audit log and telemetry", () => {
  it("audits a create with its profile, persist and status, a cancel with its reason and a destroy with what it saved", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const active = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const queued = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    await ok(t.call(owner, "DELETE", `/v1/sessions/${queued.id}`));
    await ok(t.call(owner, "DELETE", `/v1/sessions/${active.id}`));
    const audit = await ok<{ data: AuditEntry[] }>(t.call(owner, "GET", "/v1/audit-log"));
    const of = (action: string, id: string) =>
      audit.data.filter((e) => e.action === action && e.target.id === id).map((e) => e.payload);
    expect(of("session.created", active.id)).toEqual([{ profile_id: profile.id, persist: true, status: "active" }]);
    expect(of("session.created", queued.id)).toEqual([{ profile_id: profile.id, persist: true, status: "queued" }]);
    expect(of("session.destroyed", queued.id)).toEqual([{ end_reason: "cancelled" }]);
    expect(of("session.destroyed", active.id)).toEqual([{ end_reason: "destroyed", state_persisted: true }]);
  });

  it("reports each create as active or queued", async () => {
    const events: SessionEvent[] = [];
    const telemetry = { session: (event: SessionEvent) => void events.push(event) };
    const t = await sessionApp({ service: { ...service, telemetry } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const active = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const queued = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect(events.filter((e) => e.event === "session.created")).toEqual([
      { event: "session.created", sessionId: active.id, profileId: profile.id, status: "active" },
      { event: "session.created", sessionId: queued.id, profileId: profile.id, status: "queued" },
    ]);
  });

  it("records what the context started from on the session's row", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect((await ok<Session>(t.call(owner, "GET", `/v1/sessions/${s.id}`))).state_restored).toBe("none");
  });
});

describe("a session that ended elsewhere", () => {
  it("is reported ended with that reason, without trying to save its state", async () => {
    const events: SessionEvent[] = [];
    const telemetry = { session: (event: SessionEvent) => void events.push(event) };
    // A save would fail here, and report the session failed: none is attempted.
    const driver = fakeDriverWith(() => ({
      exportState: async () => {
        throw new DriverError("closed", "the browser context is closed");
      },
    }));
    const t = await sessionApp({ driver, service: { ...service, telemetry } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect((await t.call(owner, "DELETE", `/v1/profiles/${profile.id}`)).status).toBe(204);
    expect(events.filter((e) => e.event === "session.ended")).toEqual([
      { event: "session.ended", sessionId: s.id, engine: "fake", status: "closed", reason: "profile_deleted" },
    ]);
  });
});

describe("the idle clock", () => {
  it("does not close a session used more often than its idle timeout", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id, idle_timeout_s: 1 }));
    for (let i = 0; i < 6; i++) {
      await pause(300);
      await ok(t.call(owner, "GET", `/v1/sessions/${s.id}/cookies`));
    }
    expect((await ok<Session>(t.call(owner, "GET", `/v1/sessions/${s.id}`))).status).toBe("active");
  });

  it("starts again after a checkpoint, so the session still closes when idle", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id, idle_timeout_s: 1 }));
    await ok(t.call(owner, "POST", `/v1/sessions/${s.id}/checkpoint`, {}));
    const ended = await eventually(
      () => ok<Session>(t.call(owner, "GET", `/v1/sessions/${s.id}`)),
      (x) => x.status !== "active",
      3_000,
    );
    expect(ended).toMatchObject({ status: "closed", end_reason: "idle_timeout" });
  });

  it("saves nothing for a session that another server ended before it idled out here", async () => {
    const events: SessionEvent[] = [];
    const telemetry = { session: (event: SessionEvent) => void events.push(event) };
    const t = await sessionApp({ service: { ...service, telemetry } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id, idle_timeout_s: 1 }));
    await ok(
      t.call(owner, "POST", `/v1/sessions/${s.id}/cookies`, {
        cookies: [{ name: "late", value: "v", url: "https://example.org/" }],
      }),
    );
    await t.db.write((tx) => endSession(tx, s.id, { status: "failed", reason: "server_lost", now: Date.now() }));
    await eventually(
      async () => events.filter((e) => e.event === "session.ended").length,
      (n) => n > 0,
      3_000,
    );
    expect(events.filter((e) => e.event === "session.ended" || e.event === "session.persisted")).toEqual([
      { event: "session.ended", sessionId: s.id, engine: "fake", status: "closed", reason: "idle_timeout" },
    ]);
    expect((await ok<Profile>(t.call(owner, "GET", `/v1/profiles/${profile.id}`))).state_bytes).toBeNull();
    expect(await ok<Session>(t.call(owner, "GET", `/v1/sessions/${s.id}`))).toMatchObject({
      status: "failed",
      end_reason: "server_lost",
      state_persisted_at: null,
    });
  });
});

import { ConflictError, EvaluationFailedError, NotFoundError, ValidationFailedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, DEFAULT_ARCHETYPE, ISO_MS, rejection } from "./support/contract";

const MISSING_PROFILE = "prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60";

// Every target runs sessions on the server's fake browser driver; real browsers are tested with the server.
contract("sessions on the fake driver", (c) => {
  it("creates an active writer and touches the profile", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    expect(session).toMatchObject({
      profile_id: profile.id,
      archetype: DEFAULT_ARCHETYPE,
      status: "active",
      queue_position: null,
      persist: true,
      idle_timeout_s: 300,
      engine: "fake",
      ended_at: null,
      end_reason: null,
      state_persisted_at: null,
    });
    expect(session.id).toMatch(/^sess_/);
    expect(session.started_at).toMatch(ISO_MS);
    expect(await ds.sessions.get(session.id)).toEqual(session);
    const touched = await ds.profiles.get(profile.id);
    expect(touched).toMatchObject({ in_use: true });
    expect(touched.last_used_at).toMatch(ISO_MS);
  });

  it("queues further writers FIFO and starts the next when the active one ends", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const first = await ds.sessions.create({ profile_id: profile.id });
    const second = await ds.sessions.create({ profile_id: profile.id });
    const third = await ds.sessions.create({ profile_id: profile.id });
    expect(second).toMatchObject({ status: "queued", queue_position: 1, started_at: null });
    expect(third).toMatchObject({ status: "queued", queue_position: 2 });
    await rejection(ds.sessions.goto(second.id, { url: "https://example.org/" }), ConflictError);
    await ds.sessions.destroy(first.id);
    expect(await ds.sessions.get(second.id)).toMatchObject({ status: "active", queue_position: null });
    expect(await ds.sessions.get(third.id)).toMatchObject({ status: "queued", queue_position: 1 });
  });

  it("starts a persist:false session at once beside the writer", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    await ds.sessions.create({ profile_id: profile.id });
    const reader = await ds.sessions.create({ profile_id: profile.id, persist: false });
    expect(reader).toMatchObject({ status: "active", persist: false, queue_position: null });
  });

  it("navigates: goto answers {url, status: 200, title: ''} and refuses non-http(s) URLs", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    expect(await ds.sessions.goto(session.id, { url: "https://example.org/login" })).toEqual({
      url: "https://example.org/login",
      status: 200,
      title: "",
    });
    const error = await rejection(ds.sessions.goto(session.id, { url: "ftp://example.org/" }), ValidationFailedError);
    expect(error.errors.map((e) => e.path)).toContain("url");
  });

  it("answers evaluate with 422 EvaluationFailed, because the fake driver cannot run JavaScript", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    const error = await rejection(ds.sessions.evaluate(session.id, { expression: "1 + 1" }), EvaluationFailedError);
    expect(error).toMatchObject({ status: 422, code: "EvaluationFailed" });
    await rejection(ds.sessions.evaluate(session.id, { expression: "" }), ValidationFailedError);
  });

  it("takes a PNG screenshot", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    const png = await ds.sessions.screenshot(session.id);
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("cancels a queued session on destroy and returns an ended one unchanged", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const active = await ds.sessions.create({ profile_id: profile.id });
    const queued = await ds.sessions.create({ profile_id: profile.id });
    const cancelled = await ds.sessions.destroy(queued.id);
    expect(cancelled).toMatchObject({ status: "closed", end_reason: "cancelled", state_persisted_at: null });
    expect(await ds.sessions.destroy(queued.id)).toEqual(cancelled);
    const { saved, ...closed } = await ds.sessions.destroy(active.id);
    expect(saved).not.toBeNull();
    // Ended already: the same session, and nothing saved this time.
    expect(await ds.sessions.destroy(active.id)).toEqual({ ...closed, saved: null });
    await rejection(ds.sessions.goto(active.id, { url: "https://example.org/" }), ConflictError);
  });

  it("validates the create body and answers 404 for a missing profile", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    await rejection(ds.sessions.create({ profile_id: MISSING_PROFILE }), NotFoundError);
    await rejection(ds.sessions.create({ profile_id: profile.id, idle_timeout_s: 0 }), ValidationFailedError);
    await rejection(ds.sessions.create({ profile_id: profile.id, idle_timeout_s: 86_401 }), ValidationFailedError);
    const extra = { profile_id: profile.id, headless: true } as unknown as { profile_id: string };
    await rejection(ds.sessions.create(extra), ValidationFailedError);
    expect((await ds.sessions.list()).data).toEqual([]);
  });

  it("lists newest first, filtered by profile_id and status, paged", async () => {
    const ds = c.client();
    const a = await ds.profiles.create({ name: "a" });
    const b = await ds.profiles.create({ name: "b" });
    const a1 = await ds.sessions.create({ profile_id: a.id });
    const a2 = await ds.sessions.create({ profile_id: a.id });
    const b1 = await ds.sessions.create({ profile_id: b.id });
    expect((await ds.sessions.list()).data.map((s) => s.id)).toEqual([b1.id, a2.id, a1.id]);
    expect((await ds.sessions.list({ profile_id: a.id })).data.map((s) => s.id)).toEqual([a2.id, a1.id]);
    expect((await ds.sessions.list({ status: "queued" })).data.map((s) => s.id)).toEqual([a2.id]);
    expect(await ds.sessions.list({ limit: 1 }).toArray({ max: 10 })).toHaveLength(3);
  });

  it("writes session.created and session.destroyed audit entries", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    await ds.sessions.destroy(session.id);
    const entries = (await ds.auditLog.list({ target_id: session.id })).data;
    expect(entries.map((e) => [e.action, e.target.type])).toEqual([
      ["session.destroyed", "session"],
      ["session.created", "session"],
    ]);
  });
});

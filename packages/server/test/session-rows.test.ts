import { describe, expect, it } from "vitest";
import { writeCheckpoint } from "../src/store/checkpoints";
import { endSession, nextWriter } from "../src/store/sessions";
import { newProfile, ok, type Profile, type Session, sessionApp } from "./support/sessions";

/**
 * The session queue's rows (store/sessions.ts), read and ended directly: the
 * service only asks for the next writer once the active one has ended, so
 * through the API alone the "a writer is still active" answer is never seen.
 */
describe("session rows", () => {
  it("have no next writer while one is active; the oldest queued one once it has ended, which ends once", async () => {
    const t = await sessionApp({ service: { heartbeatMs: 60_000 } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "queue");
    const active = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const queued = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect([active.status, queued.status]).toEqual(["active", "queued"]);

    expect(await t.db.write((tx) => nextWriter(tx, profile.id))).toBeUndefined();
    const end = () => t.db.write((tx) => endSession(tx, active.id, { status: "closed", reason: "destroyed", now: 1 }));
    expect(await end()).toBe(true);
    expect(await end()).toBe(false); // already ended: nothing changes, and the caller is told so
    expect((await t.db.write((tx) => nextWriter(tx, profile.id)))?.id).toBe(queued.id);
  });

  it("take no checkpoint from a session that has ended: nothing is written", async () => {
    const t = await sessionApp({ service: { heartbeatMs: 60_000 } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "checkpointed");
    const session = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    await ok(t.call(owner, "DELETE", `/v1/sessions/${session.id}`));
    const before = await ok<Profile>(t.call(owner, "GET", `/v1/profiles/${profile.id}`));
    const caller = {
      keyId: owner.keyId,
      keyAccountId: owner.id,
      scope: "admin" as const,
      account: { id: owner.id, name: "test", tier: "api_builder" as const, profileCap: null },
      role: "owner" as const,
    };
    const written = await t.db.write((tx) =>
      writeCheckpoint(tx, {
        caller,
        sessionId: session.id,
        profileId: profile.id,
        state: { format: "driftstack-portable/1", data: "{}" },
        snapshotLabel: "late",
        now: Date.now(),
      }),
    );
    expect(written).toBeNull();
    expect(await ok<Profile>(t.call(owner, "GET", `/v1/profiles/${profile.id}`))).toEqual(before);
    expect((await ok<{ data: unknown[] }>(t.call(owner, "GET", "/v1/profile-snapshots"))).data).toEqual([]);
  });
});

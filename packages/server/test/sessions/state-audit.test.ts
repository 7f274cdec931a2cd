import { describe, expect, it } from "vitest";
import { newProfile, ok, type Profile, type Session, sessionApp } from "../support/sessions";

type Entry = { action: string; target: { type: string; id: string }; payload: Record<string, unknown> };

const stateOf = (value: string) => ({
  cookies: [],
  origins: [{ origin: "https://example.org", localStorage: [{ name: "k", value }] }],
});

// What the audit log keeps of the writes a profile's state goes through: an import, a checkpoint
// (with and without a snapshot), and an import refused while a writer holds the profile.
describe("state writes in the audit log", () => {
  it("records an import with its size, and each checkpoint with its profile and snapshot", async () => {
    const t = await sessionApp();
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const imported = await ok<Profile>(t.call(owner, "PUT", `/v1/profiles/${profile.id}/state`, stateOf("v")));
    const session = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    await ok(t.call(owner, "POST", `/v1/sessions/${session.id}/checkpoint`, {}));
    const labelled = await ok<{ snapshot: { id: string } }>(
      t.call(owner, "POST", `/v1/sessions/${session.id}/checkpoint`, { snapshot: { label: "kept" } }),
    );
    const entries = (await ok<{ data: Entry[] }>(t.call(owner, "GET", "/v1/audit-log"))).data;
    const [withSnapshot, plain] = entries.filter((e) => e.action === "session.checkpointed");
    expect(withSnapshot).toMatchObject({
      target: { type: "session", id: session.id },
      payload: { profile_id: profile.id, snapshot_id: labelled.snapshot.id },
    });
    expect(plain?.payload).toEqual({ profile_id: profile.id, snapshot_id: null });
    const [importEntry] = entries.filter((e) => e.action === "profile.state_imported");
    expect(importEntry?.payload).toEqual({ bytes: imported.state_bytes });
    expect(imported.state_bytes).toBeGreaterThan(0);
  });

  it("refuses an import while a writer session holds the profile, naming it, and records nothing", async () => {
    const t = await sessionApp();
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const res = await t.call(owner, "PUT", `/v1/profiles/${profile.id}/state`, stateOf("v"));
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toBe(
      `A writer session is active or queued on profile ${profile.id}; import its state once it has ended.`,
    );
    const entries = (await ok<{ data: Entry[] }>(t.call(owner, "GET", "/v1/audit-log"))).data;
    expect(entries.map((e) => e.action)).not.toContain("profile.state_imported");
    expect((await ok<Profile>(t.call(owner, "GET", `/v1/profiles/${profile.id}`))).state_bytes).toBeNull();
  });
});

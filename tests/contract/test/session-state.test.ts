import { GoneError, NotFoundError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, ISO_MS, rejection } from "./support/contract";

const LOGIN = { name: "login", value: "yes", url: "https://example.org/" };

contract("session state on the fake driver", (c) => {
  it("round-trips cookies: added, listed, persisted on destroy, present in the next session", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const first = await ds.sessions.create({ profile_id: profile.id });
    const added = await ds.sessions.cookies.add(first.id, { cookies: [LOGIN] });
    expect(added.data).toEqual([
      expect.objectContaining({ name: "login", value: "yes", domain: "example.org", path: "/", secure: true }),
    ]);
    expect(await ds.sessions.cookies.list(first.id).toArray({ max: 100 })).toEqual(added.data);
    const closed = await ds.sessions.destroy(first.id);
    expect(closed).toMatchObject({ status: "closed", end_reason: "destroyed" });
    expect(closed.ended_at).toMatch(ISO_MS);
    expect(closed.state_persisted_at).toMatch(ISO_MS);
    const stored = await ds.profiles.get(profile.id);
    expect(stored).toMatchObject({ in_use: false });
    expect(stored.state_bytes).toBeGreaterThan(0);
    expect(stored.state_updated_at).toBe(closed.state_persisted_at);
    const next = await ds.sessions.create({ profile_id: profile.id });
    expect((await ds.sessions.cookies.list(next.id)).data.map((k) => [k.name, k.value])).toEqual([["login", "yes"]]);
  });

  it("never writes a persist:false session's state back", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const reader = await ds.sessions.create({ profile_id: profile.id, persist: false });
    await ds.sessions.cookies.add(reader.id, { cookies: [LOGIN] });
    expect(await ds.sessions.destroy(reader.id)).toMatchObject({ status: "closed", state_persisted_at: null });
    expect(await ds.profiles.get(profile.id)).toMatchObject({ state_bytes: null, state_updated_at: null });
    const next = await ds.sessions.create({ profile_id: profile.id });
    expect((await ds.sessions.cookies.list(next.id)).data).toEqual([]);
  });

  it("freezes the state into snapshots and restores it; clones start empty", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    await ds.sessions.cookies.add(session.id, { cookies: [LOGIN] });
    await ds.sessions.destroy(session.id);
    const { state_bytes } = await ds.profiles.get(profile.id);
    const snapshot = await ds.profiles.snapshots.create(profile.id, { label: "logged-in" });
    expect(snapshot.state_bytes).toBe(state_bytes);
    expect((await ds.profiles.clone(profile.id)).state_bytes).toBeNull();
    await ds.profiles.delete(profile.id);
    const restored = await ds.snapshots.restore(snapshot.id);
    expect(restored.state_bytes).toBe(state_bytes);
    const next = await ds.sessions.create({ profile_id: restored.id });
    expect((await ds.sessions.cookies.list(next.id)).data.map((k) => [k.name, k.value])).toEqual([["login", "yes"]]);
  });

  it("ends the session without persisting when its profile is deleted", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    await ds.sessions.cookies.add(session.id, { cookies: [LOGIN] });
    await ds.profiles.delete(profile.id);
    await rejection(ds.sessions.destroy(session.id), GoneError);
    const ended = await ds.sessions.get(session.id);
    expect(ended.status).not.toBe("active");
    expect(ended).toMatchObject({ end_reason: "profile_deleted", state_persisted_at: null });
    expect(ended.ended_at).toMatch(ISO_MS);
  });

  it("keeps a session to its account: others list none of it and cannot end it", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    const other = c.client("outsider");
    expect((await other.sessions.list()).data).toEqual([]);
    await rejection(other.sessions.destroy(session.id), NotFoundError);
    expect(await ds.sessions.get(session.id)).toMatchObject({ status: "active" });
  });
});

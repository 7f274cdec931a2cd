import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { browserStates, profiles } from "../src/store/schema";
import { insertState } from "../src/store/states";
import { json, manualClock, type TestAccount, type TestApp, testApp } from "./support/harness";

type Profile = { id: string; name: string; archetype: string; description: string | null; state_bytes: number | null };
type Snapshot = {
  id: string;
  parent_profile_id: string | null;
  parent_name: string;
  parent_archetype: string;
  label: string;
  description: string | null;
  state_bytes: number | null;
  captured_at: string;
};
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

let t: TestApp;
let owner: TestAccount;
let parent: Profile;
const clock = manualClock();

beforeEach(async () => {
  t = await testApp({ clock });
  owner = await t.account("enterprise");
  parent = await json<Profile>(
    await t.call(owner, "POST", "/v1/profiles", {
      name: "production",
      archetype: "iphone15pro_ios17_6_safari17_6",
      description: "prod",
    }),
  );
});

async function capture(body: unknown = { label: "baseline" }, id = parent.id): Promise<Snapshot> {
  clock.advance(1);
  const res = await t.call(owner, "POST", `/v1/profiles/${id}/snapshots`, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return json<Snapshot>(res);
}

/** Gives a profile a stored browser state, as a persisted session would. */
async function giveState(profileId: string, data: string) {
  const id = `bst_${profileId.slice(5)}${data.length}`;
  await t.db.write(async (tx) => {
    await insertState(tx, { id, accountId: owner.id, format: "test", data, now: clock.now() });
    await tx.update(profiles).set({ stateId: id }).where(eq(profiles.id, profileId));
  });
  return id;
}

async function stateCount(): Promise<number> {
  return (await t.db.orm.select().from(browserStates)).length;
}

describe("capture", () => {
  it("freezes parent name, archetype, description and state", async () => {
    await giveState(parent.id, "x".repeat(100));
    const snap = await capture({ label: "before-iOS-26-rollout" });
    expect(snap).toMatchObject({
      parent_profile_id: parent.id,
      parent_name: "production",
      parent_archetype: "iphone15pro_ios17_6_safari17_6",
      label: "before-iOS-26-rollout",
      description: "prod",
      state_bytes: 100,
    });
    expect(snap.id).toMatch(/^psnap_/);
    await t.call(owner, "PATCH", `/v1/profiles/${parent.id}`, { name: "renamed", description: "changed" });
    await giveState(parent.id, "y".repeat(7));
    const again = await json<Snapshot>(await t.call(owner, "GET", `/v1/profile-snapshots/${snap.id}`));
    expect(again).toEqual(snap);
  });

  it("takes its own description, null included", async () => {
    expect((await capture({ label: "a", description: "mine" })).description).toBe("mine");
    expect((await capture({ label: "b", description: null })).description).toBeNull();
  });

  it("answers 404 for an unknown or foreign profile", async () => {
    expect((await t.call(owner, "POST", "/v1/profiles/prof_missing/snapshots", { label: "x" })).status).toBe(404);
    const stranger = await t.account("solo_manual");
    expect((await t.call(stranger, "POST", `/v1/profiles/${parent.id}/snapshots`, { label: "x" })).status).toBe(404);
  });
});

describe("lists", () => {
  it("lists a profile's snapshots newest first, paginated", async () => {
    const made = [await capture({ label: "1" }), await capture({ label: "2" }), await capture({ label: "3" })];
    const other = await json<Profile>(await t.call(owner, "POST", "/v1/profiles", { name: "other" }));
    await capture({ label: "other" }, other.id);
    const first = await json<Page<Snapshot>>(await t.call(owner, "GET", `/v1/profiles/${parent.id}/snapshots?limit=2`));
    expect(first.data.map((s) => s.label)).toEqual(["3", "2"]);
    expect(first.has_more).toBe(true);
    const second = await json<Page<Snapshot>>(
      await t.call(owner, "GET", `/v1/profiles/${parent.id}/snapshots?limit=2&cursor=${first.next_cursor}`),
    );
    expect(second.data.map((s) => s.id)).toEqual([made[0]?.id]);
    expect(second.has_more).toBe(false);
    expect((await t.call(owner, "GET", "/v1/profiles/prof_missing/snapshots")).status).toBe(404);
  });

  it("lists the account's snapshots across profiles, filtered by parent_profile_id", async () => {
    await capture({ label: "1" });
    const other = await json<Profile>(await t.call(owner, "POST", "/v1/profiles", { name: "other" }));
    await capture({ label: "2" }, other.id);
    const all = await json<Page<Snapshot>>(await t.call(owner, "GET", "/v1/profile-snapshots"));
    expect(all.data.map((s) => s.label)).toEqual(["2", "1"]);
    const filtered = await json<Page<Snapshot>>(
      await t.call(owner, "GET", `/v1/profile-snapshots?parent_profile_id=${other.id}`),
    );
    expect(filtered.data.map((s) => s.label)).toEqual(["2"]);
    const stranger = await t.account("solo_manual");
    expect((await json<Page<Snapshot>>(await t.call(stranger, "GET", "/v1/profile-snapshots"))).data).toEqual([]);
    expect((await t.call(stranger, "GET", `/v1/profile-snapshots/${all.data[0]?.id}`)).status).toBe(404);
  });
});

describe("restore", () => {
  it("creates a new profile with the parent archetype, the snapshot's description and state", async () => {
    const stateId = await giveState(parent.id, "s".repeat(42));
    const snap = await capture({ label: "x", description: "from snapshot" });
    const res = await t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`, {
      name: "restored-from-baseline",
    });
    expect(res.status).toBe(200);
    const restored = await json<Profile>(res);
    expect(restored).toMatchObject({
      name: "restored-from-baseline",
      archetype: "iphone15pro_ios17_6_safari17_6",
      description: "from snapshot",
      state_bytes: 42,
    });
    const [row] = await t.db.orm.select().from(profiles).where(eq(profiles.id, restored.id));
    expect(row?.stateId).toBe(stateId);
  });

  it("restores after the parent was renamed and then deleted, naming from the frozen parent_name", async () => {
    await giveState(parent.id, "state");
    const snap = await capture();
    await t.call(owner, "PATCH", `/v1/profiles/${parent.id}`, { name: "renamed", description: "edited" });
    expect((await t.call(owner, "DELETE", `/v1/profiles/${parent.id}`)).status).toBe(204);

    const orphan = await json<Snapshot>(await t.call(owner, "GET", `/v1/profile-snapshots/${snap.id}`));
    expect(orphan).toMatchObject({ parent_profile_id: null, parent_name: "production", state_bytes: 5 });

    const restored = await json<Profile>(await t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`));
    expect(restored).toMatchObject({
      name: "production (copy)",
      archetype: "iphone15pro_ios17_6_safari17_6",
      description: "prod",
      state_bytes: 5,
    });
    const second = await json<Profile>(await t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`));
    expect(second.name).toBe("production (copy 2)");
  });

  it("does not modify the parent", async () => {
    const snap = await capture();
    const before = await json(await t.call(owner, "GET", `/v1/profiles/${parent.id}`));
    await t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`);
    expect(await json(await t.call(owner, "GET", `/v1/profiles/${parent.id}`))).toEqual(before);
  });

  it("answers 409 on a name collision, 429 at the cap, 404 for unknown or foreign snapshots", async () => {
    const snap = await capture();
    expect(
      (await t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`, { name: "production" })).status,
    ).toBe(409);
    expect((await t.call(owner, "POST", "/v1/profile-snapshots/psnap_missing/restore")).status).toBe(404);
    const stranger = await t.account("solo_manual");
    expect((await t.call(stranger, "POST", `/v1/profile-snapshots/${snap.id}/restore`)).status).toBe(404);

    const trial = await t.account("trial_pack");
    const only = await json<Profile>(await t.call(trial, "POST", "/v1/profiles", { name: "only" }));
    const trialSnap = await json<Snapshot>(
      await t.call(trial, "POST", `/v1/profiles/${only.id}/snapshots`, { label: "s" }),
    );
    const full = await t.call(trial, "POST", `/v1/profile-snapshots/${trialSnap.id}/restore`);
    expect(full.status).toBe(429);
    expect(await json(full)).toMatchObject({ code: "TierLimit", limit: 1, current: 1 });
  });

  it("records restored_from_snapshot in the audit entry", async () => {
    const snap = await capture();
    const restored = await json<Profile>(await t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`));
    const audit = await json<Page<{ action: string; payload: Record<string, unknown> }>>(
      await t.call(owner, "GET", `/v1/audit-log?target_id=${restored.id}`),
    );
    expect(audit.data[0]).toMatchObject({ action: "profile.created", payload: { restored_from_snapshot: snap.id } });
  });
});

describe("delete and state lifetime", () => {
  it("answers 204 then 404", async () => {
    const snap = await capture();
    expect((await t.call(owner, "DELETE", `/v1/profile-snapshots/${snap.id}`)).status).toBe(204);
    expect((await t.call(owner, "DELETE", `/v1/profile-snapshots/${snap.id}`)).status).toBe(404);
    expect((await t.call(owner, "GET", `/v1/profile-snapshots/${snap.id}`)).status).toBe(404);
  });

  it("keeps a state blob exactly as long as a profile or snapshot points at it", async () => {
    await giveState(parent.id, "state");
    const snap = await capture();
    expect(await stateCount()).toBe(1);
    const restored = await json<Profile>(await t.call(owner, "POST", `/v1/profile-snapshots/${snap.id}/restore`));
    await t.call(owner, "DELETE", `/v1/profiles/${parent.id}`);
    expect(await stateCount()).toBe(1);
    await t.call(owner, "DELETE", `/v1/profile-snapshots/${snap.id}`);
    expect(await stateCount()).toBe(1);
    await t.call(owner, "DELETE", `/v1/profiles/${restored.id}`);
    expect(await stateCount()).toBe(0);
  });

  it("deleting a profile deletes its own state", async () => {
    await giveState(parent.id, "state");
    await t.call(owner, "DELETE", `/v1/profiles/${parent.id}`);
    expect(await stateCount()).toBe(0);
  });
});

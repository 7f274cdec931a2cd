import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, PermissionDeniedError } from "../src";
import { setupTarget, type Target } from "./support/server";

describe.each<Target>(["in-process", "http"])("every resource method (%s)", (target) => {
  let t: Awaited<ReturnType<typeof setupTarget>>;
  beforeAll(async () => {
    t = await setupTarget(target);
  });
  afterAll(() => t.close());

  it("health", async () => {
    const ds = t.client((await t.account()).key);
    expect(await ds.health()).toEqual({ status: "ok" });
  });

  it("account.me", async () => {
    const account = await t.account("solo_manual");
    const me = await t.client(account).account.me();
    expect(me).toMatchObject({ id: account.id, tier: "solo_manual", profile_cap: 5, role: "owner", scope: "admin" });
  });

  it("archetypes.list", async () => {
    const ds = t.client(await t.account());
    const page = await ds.archetypes.list();
    expect(page.data.map((a) => a.id)).toContain("iphone16pro_ios18_7_safari26_4");
    expect(page.data.find((a) => a.id === "iphone15pro_ios17_6_safari17_6")?.screen).toEqual({
      width: 393,
      height: 852,
    });
    const all = await ds.archetypes.list({ limit: 2 }).toArray({ max: 100 });
    expect(all.map((a) => a.id)).toEqual(page.data.map((a) => a.id));
  });

  it("profiles.create / get / list / update / clone / delete", async () => {
    const ds = t.client(await t.account());
    const created = await ds.profiles.create({ name: "checkout", description: "primary" });
    expect(created).toMatchObject({ name: "checkout", archetype: "iphone16pro_ios18_7_safari26_4", in_use: false });
    expect(await ds.profiles.get(created.id)).toEqual(created);

    const updated = await ds.profiles.update(created.id, { name: "checkout-eu", description: null });
    expect(updated).toMatchObject({ id: created.id, name: "checkout-eu", description: null });

    const copy = await ds.profiles.clone(created.id);
    expect(copy).toMatchObject({ name: "checkout-eu (copy)", archetype: created.archetype });
    const repinned = await ds.profiles.clone(created.id, { name: "legacy", archetype: "iphone15_ios17_5_safari17_5" });
    expect(repinned.archetype).toBe("iphone15_ios17_5_safari17_5");

    const page = await ds.profiles.list({ name: "legacy" });
    expect(page.data.map((p) => p.id)).toEqual([repinned.id]);
    expect(page).toMatchObject({ has_more: false, next_cursor: null });

    await ds.profiles.delete(copy.id);
    await expect(ds.profiles.get(copy.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ds.profiles.delete(copy.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("profiles.snapshots.create / list, snapshots.list / get / restore / delete", async () => {
    const ds = t.client(await t.account());
    const profile = await ds.profiles.create({ name: "baseline", description: "before rollout" });
    const snapshot = await ds.profiles.snapshots.create(profile.id, { label: "before-rollout" });
    expect(snapshot).toMatchObject({
      parent_profile_id: profile.id,
      parent_name: "baseline",
      parent_archetype: profile.archetype,
      label: "before-rollout",
      description: "before rollout",
    });
    expect((await ds.profiles.snapshots.list(profile.id)).data).toEqual([snapshot]);
    expect((await ds.snapshots.list({ parent_profile_id: profile.id })).data).toEqual([snapshot]);
    expect(await ds.snapshots.get(snapshot.id)).toEqual(snapshot);

    const restored = await ds.snapshots.restore(snapshot.id);
    expect(restored).toMatchObject({ name: "baseline (copy)", description: "before rollout" });
    const named = await ds.snapshots.restore(snapshot.id, { name: "restored" });
    expect(named.name).toBe("restored");

    await ds.snapshots.delete(snapshot.id);
    await expect(ds.snapshots.get(snapshot.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("auditLog.list, with filters", async () => {
    const ds = t.client(await t.account());
    const profile = await ds.profiles.create({ name: "audited" });
    await ds.profiles.update(profile.id, { description: "x" });
    const all = await ds.auditLog.list().toArray({ max: 10 });
    expect(all.map((e) => e.action)).toEqual(["profile.updated", "profile.created"]);
    const created = await ds.auditLog.list({ action: "profile.created", target_id: profile.id });
    expect(created.data).toHaveLength(1);
    expect(created.data[0]).toMatchObject({ target: { type: "profile", id: profile.id } });
  });

  it("account (client-wide and per call) acts on another account via X-Driftstack-Account", async () => {
    const owner = await t.account("team_manual");
    const admin = await t.account();
    const stranger = await t.account();
    await t.member(owner, admin, "admin");

    const asOwner = t.client(admin, { account: owner.id });
    const made = await asOwner.profiles.create({ name: "shared" });
    expect((await t.client(owner).profiles.get(made.id)).name).toBe("shared");
    expect((await asOwner.account.me()).role).toBe("admin");

    const perCall = t.client(admin);
    expect((await perCall.account.me({ account: owner.id })).id).toBe(owner.id);
    expect((await perCall.account.me()).id).toBe(admin.id);
    await expect(t.client(stranger).account.me({ account: owner.id })).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

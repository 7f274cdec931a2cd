import { ConflictError, NotFoundError, ValidationFailedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { atMost } from "../../../packages/sdk/test/support/at-most";
import { contract, ISO_MS, rejection } from "./support/contract";

contract("snapshots", (c) => {
  it("captures the parent's name, archetype and description, frozen", async () => {
    const ds = c.client();
    const parent = await ds.profiles.create({
      name: "alpha",
      archetype: "iphone15_ios17_5_safari17_5",
      description: "d",
    });
    const snapshot = await ds.profiles.snapshots.create(parent.id, { label: "before-rollout" });
    expect(snapshot).toMatchObject({
      parent_profile_id: parent.id,
      parent_name: "alpha",
      parent_archetype: "iphone15_ios17_5_safari17_5",
      label: "before-rollout",
      description: "d",
      state_bytes: null,
    });
    expect(snapshot.id).toMatch(/^psnap_/);
    expect(snapshot.captured_at).toMatch(ISO_MS);
    await ds.profiles.update(parent.id, { name: "alpha-2", description: "changed" });
    expect(await ds.snapshots.get(snapshot.id)).toEqual(snapshot);
    const own = await ds.profiles.snapshots.create(parent.id, { label: "own", description: null });
    expect(own.description).toBeNull();
  });

  it("requires a label of 1 to 128 characters and refuses unknown fields", async () => {
    const ds = c.client();
    const parent = await ds.profiles.create({ name: "p" });
    expect((await ds.profiles.snapshots.create(parent.id, { label: "l".repeat(128) })).label).toHaveLength(128);
    for (const label of ["", "l".repeat(129)]) {
      const error = await rejection(ds.profiles.snapshots.create(parent.id, { label }), ValidationFailedError);
      expect(error.errors.map((e) => e.path)).toContain("label");
    }
    await rejection(ds.profiles.snapshots.create(parent.id, {} as { label: string }), ValidationFailedError);
    const extra = { label: "x", name: "y" } as unknown as { label: string };
    await rejection(ds.profiles.snapshots.create(parent.id, extra), ValidationFailedError);
  });

  it("lists per profile and per account, newest first, filtered by parent_profile_id", async () => {
    const ds = c.client();
    const a = await ds.profiles.create({ name: "a" });
    const b = await ds.profiles.create({ name: "b" });
    const a1 = await ds.profiles.snapshots.create(a.id, { label: "a1" });
    const b1 = await ds.profiles.snapshots.create(b.id, { label: "b1" });
    const a2 = await ds.profiles.snapshots.create(a.id, { label: "a2" });
    expect((await ds.profiles.snapshots.list(a.id)).data.map((s) => s.id)).toEqual([a2.id, a1.id]);
    expect((await ds.snapshots.list()).data.map((s) => s.id)).toEqual([a2.id, b1.id, a1.id]);
    expect((await ds.snapshots.list({ parent_profile_id: b.id })).data.map((s) => s.id)).toEqual([b1.id]);
    const paged: string[] = [];
    for await (const s of atMost(ds.profiles.snapshots.list(a.id, { limit: 1 }), 100)) paged.push(s.label);
    expect(paged).toEqual(["a2", "a1"]);
    await rejection(ds.profiles.snapshots.list("prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60"), NotFoundError);
  });

  it("restores after the parent was renamed and deleted, from the frozen name and archetype", async () => {
    const ds = c.client();
    const parent = await ds.profiles.create({ name: "alpha", archetype: "iphone15pro_ios17_6_safari17_6" });
    const snapshot = await ds.profiles.snapshots.create(parent.id, { label: "keep", description: "snap" });
    await ds.profiles.update(parent.id, { name: "beta" });
    await ds.profiles.delete(parent.id);
    const orphan = await ds.snapshots.get(snapshot.id);
    expect(orphan).toMatchObject({ parent_profile_id: null, parent_name: "alpha" });
    expect((await ds.snapshots.list()).data.map((s) => s.id)).toEqual([snapshot.id]);
    const restored = await ds.snapshots.restore(snapshot.id);
    expect(restored).toMatchObject({
      name: "alpha (copy)",
      archetype: "iphone15pro_ios17_6_safari17_6",
      description: "snap",
    });
    expect(restored.id).not.toBe(parent.id);
    expect((await ds.snapshots.restore(snapshot.id)).name).toBe("alpha (copy 2)");
    expect((await ds.snapshots.restore(snapshot.id, { name: "gamma" })).name).toBe("gamma");
    await rejection(ds.snapshots.restore(snapshot.id, { name: "gamma" }), ConflictError);
    await rejection(ds.snapshots.restore(snapshot.id, { name: "two words" }), ValidationFailedError);
  });

  it("deletes with 204, then answers 404", async () => {
    const ds = c.client();
    const parent = await ds.profiles.create({ name: "p" });
    const snapshot = await ds.profiles.snapshots.create(parent.id, { label: "gone-soon" });
    await expect(ds.snapshots.delete(snapshot.id)).resolves.toBeUndefined();
    expect(c.recorder.sent("DELETE").map((e) => e.status)).toEqual([204]);
    await rejection(ds.snapshots.get(snapshot.id), NotFoundError);
    await rejection(ds.snapshots.delete(snapshot.id), NotFoundError);
    await rejection(ds.snapshots.restore(snapshot.id), NotFoundError);
    expect((await ds.snapshots.list()).data).toEqual([]);
  });
});

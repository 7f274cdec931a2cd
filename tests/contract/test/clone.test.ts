import { ConflictError, NotFoundError, ValidationFailedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, rejection } from "./support/contract";

contract("clone", (c) => {
  it('names copies "(copy)", "(copy 2)", "(copy 3)" and inherits archetype and description', async () => {
    const ds = c.client();
    const source = await ds.profiles.create({
      name: "base",
      archetype: "iphone16_ios18_7_safari26_4",
      description: "the original",
    });
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const copy = await ds.profiles.clone(source.id);
      expect(copy).toMatchObject({ archetype: source.archetype, description: "the original", state_bytes: null });
      expect(copy.id).not.toBe(source.id);
      names.push(copy.name);
    }
    expect(names).toEqual(["base (copy)", "base (copy 2)", "base (copy 3)"]);
  });

  it('fills the lowest free number and copies a copy as "<name> (copy)"', async () => {
    const ds = c.client();
    const source = await ds.profiles.create({ name: "base" });
    const first = await ds.profiles.clone(source.id);
    await ds.profiles.clone(source.id);
    await ds.profiles.delete(first.id);
    expect((await ds.profiles.clone(source.id)).name).toBe("base (copy)");
    const copy = await ds.profiles.list({ name: "base (copy 2)" });
    const copyId = copy.data[0]?.id ?? "";
    expect((await ds.profiles.clone(copyId)).name).toBe("base (copy 2) (copy)");
  });

  it("shortens a long base so the derived name stays within 64 characters", async () => {
    const ds = c.client();
    const source = await ds.profiles.create({ name: "n".repeat(64) });
    const copy = await ds.profiles.clone(source.id);
    expect(copy.name).toHaveLength(64);
    expect(copy.name.endsWith(" (copy)")).toBe(true);
    expect(copy.name.startsWith("n".repeat(57))).toBe(true);
    expect((await ds.profiles.clone(source.id)).name).toBe(`${"n".repeat(55)} (copy 2)`);
  });

  it('runs out after "(copy 99)" with 409', async () => {
    const ds = c.client("unlimited");
    const source = await ds.profiles.create({ name: "base" });
    let last = "";
    for (let i = 0; i < 99; i++) last = (await ds.profiles.clone(source.id)).name;
    expect(last).toBe("base (copy 99)");
    await rejection(ds.profiles.clone(source.id), ConflictError);
  });

  it("repins the copy with archetype and takes an explicit name", async () => {
    const ds = c.client();
    const source = await ds.profiles.create({ name: "legacy", archetype: "iphone15_ios17_5_safari17_5" });
    const migrated = await ds.profiles.clone(source.id, {
      name: "migrated",
      archetype: "iphone16pro_ios18_7_safari26_4",
    });
    expect(migrated).toMatchObject({ name: "migrated", archetype: "iphone16pro_ios18_7_safari26_4" });
    expect((await ds.profiles.get(source.id)).archetype).toBe("iphone15_ios17_5_safari17_5");
  });

  it("answers 409 to an explicit name in use, 400 to an invalid one, 404 to a missing source", async () => {
    const ds = c.client();
    const source = await ds.profiles.create({ name: "src" });
    await ds.profiles.create({ name: "taken" });
    await rejection(ds.profiles.clone(source.id, { name: "taken" }), ConflictError);
    await rejection(ds.profiles.clone(source.id, { name: "has space" }), ValidationFailedError);
    const unknown = { nmae: "typo" } as unknown as { name: string };
    await rejection(ds.profiles.clone(source.id, unknown), ValidationFailedError);
    await rejection(ds.profiles.clone("prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60"), NotFoundError);
  });
});

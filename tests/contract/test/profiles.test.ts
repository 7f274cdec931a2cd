import { ConflictError, NotFoundError, ValidationFailedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, DEFAULT_ARCHETYPE, ISO_MS, rejection } from "./support/contract";

contract("profiles", (c) => {
  it("creates a profile with the documented defaults and reads it back", async () => {
    const ds = c.client();
    const created = await ds.profiles.create({ name: "checkout" });
    expect(created).toMatchObject({
      name: "checkout",
      archetype: DEFAULT_ARCHETYPE,
      description: null,
      last_used_at: null,
      state_bytes: null,
      state_updated_at: null,
      in_use: false,
    });
    expect(created.id).toMatch(/^prof_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(created.created_at).toMatch(ISO_MS);
    expect(created.updated_at).toBe(created.created_at);
    expect(await ds.profiles.get(created.id)).toEqual(created);
  });

  it("keeps the archetype and description given at creation", async () => {
    const ds = c.client();
    const created = await ds.profiles.create({
      name: "eu",
      archetype: "iphone15_ios17_5_safari17_5",
      description: "EU storefront",
    });
    expect(created).toMatchObject({ archetype: "iphone15_ios17_5_safari17_5", description: "EU storefront" });
  });

  it("renames, edits and clears the description with PATCH", async () => {
    const ds = c.client();
    const created = await ds.profiles.create({ name: "before", description: "old" });
    const renamed = await ds.profiles.update(created.id, { name: "after", description: "new" });
    expect(renamed).toMatchObject({ id: created.id, name: "after", description: "new", archetype: DEFAULT_ARCHETYPE });
    expect(Date.parse(renamed.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
    expect(renamed.created_at).toBe(created.created_at);
    const cleared = await ds.profiles.update(created.id, { description: null });
    expect(cleared).toMatchObject({ name: "after", description: null });
    expect(await ds.profiles.get(created.id)).toEqual(cleared);
  });

  it("deletes with 204, then answers 404 to get, update and a second delete", async () => {
    const ds = c.client();
    const created = await ds.profiles.create({ name: "doomed" });
    await expect(ds.profiles.delete(created.id)).resolves.toBeUndefined();
    expect(c.recorder.sent("DELETE").map((e) => e.status)).toEqual([204]);
    await rejection(ds.profiles.get(created.id), NotFoundError);
    await rejection(ds.profiles.update(created.id, { name: "x" }), NotFoundError);
    await rejection(ds.profiles.delete(created.id), NotFoundError);
  });

  it("answers 404 for ids that never existed, well-formed or not", async () => {
    const ds = c.client();
    await rejection(ds.profiles.get("prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60"), NotFoundError);
    await rejection(ds.profiles.get("not-an-id"), NotFoundError);
  });

  it("accepts names of 1 to 64 characters without whitespace, any script", async () => {
    const ds = c.client();
    for (const name of ["a", "x".repeat(64), "café-東京-🚀", "Prod", "prod", "a.b_c:d/e"]) {
      expect((await ds.profiles.create({ name })).name).toBe(name);
    }
  });

  it.each([
    ["empty", ""],
    ["65 characters", "x".repeat(65)],
    ["a space", "has space"],
    ["a tab", "tab\there"],
    ["a newline", "new\nline"],
    ["a no-break space", "no\u00a0break"],
    ["a control character", "bell\u0007"],
  ])("refuses a name with %s (400 on name)", async (_, name) => {
    const error = await rejection(c.client().profiles.create({ name }), ValidationFailedError);
    expect(error.status).toBe(400);
    expect(error.errors.map((e) => e.path)).toContain("name");
  });

  it("refuses the same invalid names on rename", async () => {
    const ds = c.client();
    const created = await ds.profiles.create({ name: "ok" });
    for (const name of ["", "two words", "y".repeat(65)]) {
      const error = await rejection(ds.profiles.update(created.id, { name }), ValidationFailedError);
      expect(error.errors.map((e) => e.path)).toContain("name");
    }
  });

  it("takes a description of 2048 characters and refuses 2049", async () => {
    const ds = c.client();
    const long = await ds.profiles.create({ name: "long", description: "d".repeat(2048) });
    expect(long.description).toHaveLength(2048);
    const error = await rejection(
      ds.profiles.create({ name: "longer", description: "d".repeat(2049) }),
      ValidationFailedError,
    );
    expect(error.errors.map((e) => e.path)).toContain("description");
    await rejection(ds.profiles.update(long.id, { description: "d".repeat(2049) }), ValidationFailedError);
  });

  it("refuses unknown fields on create and update", async () => {
    const ds = c.client();
    const typo = { name: "typo", descripton: "misspelt" } as unknown as { name: string };
    await rejection(ds.profiles.create(typo), ValidationFailedError);
    const created = await ds.profiles.create({ name: "real" });
    await rejection(
      ds.profiles.update(created.id, { colour: "red" } as unknown as { name: string }),
      ValidationFailedError,
    );
  });

  it("refuses an archetype that is not in the catalogue", async () => {
    const body = { name: "ghost", archetype: "pixel9_android15" } as unknown as { name: string };
    const error = await rejection(c.client().profiles.create(body), ValidationFailedError);
    expect(error.errors.map((e) => e.path)).toContain("archetype");
  });

  it("keeps the archetype sticky: PATCH with archetype is 400 and says to clone", async () => {
    const ds = c.client();
    const created = await ds.profiles.create({ name: "pinned" });
    const body = { archetype: "iphone15_ios17_5_safari17_5" } as unknown as { name: string };
    const error = await rejection(ds.profiles.update(created.id, body), ValidationFailedError);
    expect(error.detail).toMatch(/clone/i);
    expect((await ds.profiles.get(created.id)).archetype).toBe(DEFAULT_ARCHETYPE);
  });

  it("answers 409 for a name already in use, on create and on rename; names are exact-match", async () => {
    const ds = c.client();
    await ds.profiles.create({ name: "taken" });
    const other = await ds.profiles.create({ name: "Taken" });
    await rejection(ds.profiles.create({ name: "taken" }), ConflictError);
    await rejection(ds.profiles.update(other.id, { name: "taken" }), ConflictError);
    expect((await ds.profiles.update(other.id, { name: "Taken" })).name).toBe("Taken");
  });

  it("lets two accounts use the same name", async () => {
    await c.client("default").profiles.create({ name: "shared-name" });
    await expect(c.client("outsider").profiles.create({ name: "shared-name" })).resolves.toMatchObject({
      name: "shared-name",
    });
  });
});

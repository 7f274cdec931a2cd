import { ValidationFailedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, ISO_MS, rejection } from "./support/contract";

contract("audit log", (c) => {
  it("records every profile and snapshot change, newest first, with actor and target", async () => {
    const ds = c.client();
    const me = c.account("default");
    const profile = await ds.profiles.create({ name: "audited" });
    await ds.profiles.update(profile.id, { name: "renamed" });
    const snapshot = await ds.profiles.snapshots.create(profile.id, { label: "s" });
    await ds.snapshots.delete(snapshot.id);
    await ds.profiles.delete(profile.id);
    const entries = (await ds.auditLog.list()).data;
    expect(entries.map((e) => [e.action, e.target.type, e.target.id])).toEqual([
      ["profile.deleted", "profile", profile.id],
      ["snapshot.deleted", "snapshot", snapshot.id],
      ["snapshot.created", "snapshot", snapshot.id],
      ["profile.updated", "profile", profile.id],
      ["profile.created", "profile", profile.id],
    ]);
    for (const entry of entries) {
      expect(entry.id).toMatch(/^aud_/);
      expect(entry.created_at).toMatch(ISO_MS);
      expect(entry).toMatchObject({ account_id: me.id, actor: { key_id: me.adminKeyId, account_id: me.id } });
    }
    expect(entries[3]?.payload).toMatchObject({ changes: { name: { from: "audited", to: "renamed" } } });
  });

  it("marks clones with cloned_from and restores with restored_from_snapshot", async () => {
    const ds = c.client();
    const source = await ds.profiles.create({ name: "src" });
    const snapshot = await ds.profiles.snapshots.create(source.id, { label: "s" });
    const copy = await ds.profiles.clone(source.id);
    const restored = await ds.snapshots.restore(snapshot.id);
    const created = (await ds.auditLog.list({ action: "profile.created" })).data;
    expect(created.map((e) => e.target.id)).toEqual([restored.id, copy.id, source.id]);
    expect(created[0]?.payload).toMatchObject({ restored_from_snapshot: snapshot.id });
    expect(created[1]?.payload).toMatchObject({ cloned_from: source.id });
    expect(created[2]?.payload).not.toHaveProperty("cloned_from");
    expect(created[2]?.payload).not.toHaveProperty("restored_from_snapshot");
  });

  it("filters by action and target_id, pages like every list, and refuses an unknown action", async () => {
    const ds = c.client();
    const a = await ds.profiles.create({ name: "a" });
    await ds.profiles.create({ name: "b" });
    await ds.profiles.update(a.id, { description: "x" });
    expect((await ds.auditLog.list({ target_id: a.id })).data.map((e) => e.action)).toEqual([
      "profile.updated",
      "profile.created",
    ]);
    expect((await ds.auditLog.list({ action: "profile.updated" })).data).toHaveLength(1);
    const first = await ds.auditLog.list({ limit: 2 });
    expect(first).toMatchObject({ has_more: true, next_cursor: first.data[1]?.id });
    expect(await ds.auditLog.list({ limit: 2 }).toArray({ max: 10 })).toHaveLength(3);
    const unknown = { action: "profile.exploded" } as unknown as { action: "profile.created" };
    await rejection(ds.auditLog.list(unknown), ValidationFailedError);
  });

  it("writes nothing for refused changes and shows nothing of other accounts", async () => {
    const ds = c.client();
    await ds.profiles.create({ name: "one" });
    await rejection(ds.profiles.create({ name: "bad name" }), ValidationFailedError);
    await c.client("outsider").profiles.create({ name: "theirs" });
    expect((await ds.auditLog.list()).data).toHaveLength(1);
    expect((await c.reader().auditLog.list()).data).toHaveLength(1);
  });
});

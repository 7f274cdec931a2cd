import { AuthenticationError, PermissionDeniedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, rejection } from "./support/contract";

const MISSING_ACCOUNT = "acct_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f62";

contract("keys and scopes", (c) => {
  it("answers 401 to a key that does not exist, without retrying", async () => {
    const ds = c.target.makeClient(`dsk_${"0".repeat(40)}`);
    const error = await rejection(ds.profiles.list(), AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "Unauthorized" });
    expect(error.requestId).toMatch(/^req_/);
    expect(c.recorder.sent()).toHaveLength(1);
  });

  it("lets a read key read and refuses every write with 403", async () => {
    const admin = c.client();
    const profile = await admin.profiles.create({ name: "p" });
    const snapshot = await admin.profiles.snapshots.create(profile.id, { label: "s" });
    const ds = c.reader();
    expect(await ds.account.me()).toMatchObject({ id: c.account("default").id, scope: "read", role: "owner" });
    expect((await ds.profiles.list()).data).toHaveLength(1);
    expect(await ds.profiles.get(profile.id)).toMatchObject({ name: "p" });
    expect(await ds.snapshots.get(snapshot.id)).toMatchObject({ label: "s" });
    const writes = [
      () => ds.profiles.create({ name: "q" }),
      () => ds.profiles.update(profile.id, { name: "q" }),
      () => ds.profiles.delete(profile.id),
      () => ds.profiles.clone(profile.id),
      () => ds.profiles.snapshots.create(profile.id, { label: "t" }),
      () => ds.snapshots.restore(snapshot.id),
      () => ds.snapshots.delete(snapshot.id),
      () => ds.sessions.create({ profile_id: profile.id }),
    ];
    for (const write of writes) {
      expect(await rejection(write(), PermissionDeniedError)).toMatchObject({ status: 403, code: "Forbidden" });
    }
    expect((await admin.auditLog.list()).data).toHaveLength(2);
  });

  it("describes the caller's own account", async () => {
    expect(await c.client().account.me()).toEqual({
      id: c.account("default").id,
      name: "Contract main",
      tier: "api_builder",
      profile_cap: 25,
      profile_count: 0,
      role: "owner",
      scope: "admin",
    });
  });
});

contract("teams (X-Driftstack-Account)", (c) => {
  it("lets an admin member read and write the team account, audited with its own key", async () => {
    const team = c.account("team");
    const ds = c.client("default", { account: team.id });
    expect(await ds.account.me()).toMatchObject({ id: team.id, name: "Contract team", role: "admin", scope: "admin" });
    const profile = await ds.profiles.create({ name: "team-profile" });
    expect((await c.client("team").profiles.list()).data.map((p) => p.id)).toEqual([profile.id]);
    expect((await c.client().profiles.list()).data).toEqual([]);
    const [entry] = (await c.client("team").auditLog.list()).data;
    const me = c.account("default");
    expect(entry).toMatchObject({ account_id: team.id, actor: { key_id: me.adminKeyId, account_id: me.id } });
  });

  it("lets a member read but not write, and an admin member's read key only read", async () => {
    const team = c.account("team");
    const profile = await c.client("team").profiles.create({ name: "shared" });
    const viewer = c.client("viewer", { account: team.id });
    expect(await viewer.account.me()).toMatchObject({ id: team.id, role: "member", scope: "admin" });
    expect(await viewer.profiles.get(profile.id)).toMatchObject({ name: "shared" });
    await rejection(viewer.profiles.create({ name: "nope" }), PermissionDeniedError);
    await rejection(viewer.profiles.delete(profile.id), PermissionDeniedError);
    const adminRead = c.reader("default");
    expect(await adminRead.account.me({ account: team.id })).toMatchObject({ role: "admin", scope: "read" });
    await rejection(adminRead.profiles.create({ name: "nope" }, { account: team.id }), PermissionDeniedError);
  });

  it("answers a non-member and a missing account with the same 403", async () => {
    const team = c.account("team");
    const outsider = c.client("outsider");
    const notMember = await rejection(outsider.profiles.list({}, { account: team.id }), PermissionDeniedError);
    const missing = await rejection(outsider.profiles.list({}, { account: MISSING_ACCOUNT }), PermissionDeniedError);
    // The detail may echo the header; beyond that the two answers must not differ.
    expect(missing.detail?.replace(MISSING_ACCOUNT, "<id>")).toBe(notMember.detail?.replace(team.id, "<id>"));
    await rejection(c.client("team").account.me({ account: c.account("default").id }), PermissionDeniedError);
  });
});

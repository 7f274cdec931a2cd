import { beforeEach, describe, expect, it } from "vitest";
import { json, manualClock, type TestAccount, type TestApp, testApp } from "./support/harness";

type Entry = {
  id: string;
  action: string;
  account_id: string;
  actor: { key_id: string; account_id: string };
  target: { type: string; id: string };
  payload: Record<string, unknown>;
  created_at: string;
};
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

let t: TestApp;
let owner: TestAccount;
const clock = manualClock();

beforeEach(async () => {
  t = await testApp({ clock });
  owner = await t.account("enterprise");
});

async function audit(query = ""): Promise<Entry[]> {
  return (await json<Page<Entry>>(await t.call(owner, "GET", `/v1/audit-log${query}`))).data;
}

async function send(method: string, path: string, body?: unknown) {
  clock.advance(1);
  const res = await t.call(owner, method, path, body);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.status === 204 ? { id: "" } : json<{ id: string }>(res);
}

describe("GET /v1/audit-log", () => {
  it("records every mutation, newest first, with actor and target", async () => {
    const p = await send("POST", "/v1/profiles", { name: "a" });
    await send("PATCH", `/v1/profiles/${p.id}`, { name: "b", description: "d" });
    const s = await send("POST", `/v1/profiles/${p.id}/snapshots`, { label: "l" });
    const c = await send("POST", `/v1/profiles/${p.id}/clone`);
    await send("DELETE", `/v1/profile-snapshots/${s.id}`);
    await send("DELETE", `/v1/profiles/${p.id}`);

    const entries = await audit();
    expect(entries.map((e) => e.action)).toEqual([
      "profile.deleted",
      "snapshot.deleted",
      "profile.created",
      "snapshot.created",
      "profile.updated",
      "profile.created",
    ]);
    for (const e of entries) {
      expect(e.account_id).toBe(owner.id);
      expect(e.actor).toEqual({ key_id: owner.keyId, account_id: owner.id });
      expect(e.id).toMatch(/^aud_/);
    }
    expect(entries[0]).toMatchObject({ target: { type: "profile", id: p.id }, payload: { name: "b" } });
    expect(entries[1]).toMatchObject({
      target: { type: "snapshot", id: s.id },
      payload: { parent_profile_id: p.id, label: "l" },
    });
    expect(entries[2]).toMatchObject({ target: { type: "profile", id: c.id }, payload: { cloned_from: p.id } });
    expect(entries[3]).toMatchObject({
      target: { type: "snapshot", id: s.id },
      payload: { parent_profile_id: p.id, label: "l" },
    });
    expect(entries[4]?.payload).toEqual({
      changes: { name: { from: "a", to: "b" }, description: { from: null, to: "d" } },
    });
    expect(entries[5]?.payload).toEqual({ name: "a", archetype: "iphone16pro_ios18_7_safari26_4" });
  });

  it("records only what an update changed, and an update that changes nothing not at all", async () => {
    const p = await send("POST", "/v1/profiles", { name: "a", description: "kept" });
    await send("PATCH", `/v1/profiles/${p.id}`, { description: "kept" });
    await send("PATCH", `/v1/profiles/${p.id}`, { name: "b" });
    const profile = await json<{ name: string; description: string }>(
      await t.call(owner, "GET", `/v1/profiles/${p.id}`),
    );
    expect(profile).toMatchObject({ name: "b", description: "kept" });
    const updates = await audit("?action=profile.updated");
    expect(updates.map((e) => e.payload)).toEqual([{ changes: { name: { from: "a", to: "b" } } }]);
  });

  it("names the member key and its own account as actor when acting for a team", async () => {
    const admin = await t.account("solo_manual");
    await t.member(owner, admin, "admin");
    await t.call(admin, "POST", "/v1/profiles", { name: "by-admin" }, { "x-driftstack-account": owner.id });
    const [entry] = await audit();
    expect(entry).toMatchObject({ account_id: owner.id, actor: { key_id: admin.keyId, account_id: admin.id } });
    expect((await json<Page<Entry>>(await t.call(admin, "GET", "/v1/audit-log"))).data).toEqual([]);
  });

  it("filters by action and target_id, and paginates", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await send("POST", "/v1/profiles", { name: `p${i}` })).id as string);
    await send("PATCH", `/v1/profiles/${ids[0]}`, { description: "x" });
    expect((await audit("?action=profile.updated")).map((e) => e.target.id)).toEqual([ids[0]]);
    expect((await audit(`?target_id=${ids[0]}`)).map((e) => e.action)).toEqual(["profile.updated", "profile.created"]);
    const first = await json<Page<Entry>>(await t.call(owner, "GET", "/v1/audit-log?limit=4"));
    const second = await json<Page<Entry>>(
      await t.call(owner, "GET", `/v1/audit-log?limit=4&cursor=${first.next_cursor}`),
    );
    expect(first.data).toHaveLength(4);
    expect(second.data).toHaveLength(2);
    expect(second.has_more).toBe(false);
  });

  it("writes no entry for a write that failed validation, conflicted or hit the cap", async () => {
    const trial = await t.account("trial_pack");
    await t.call(trial, "POST", "/v1/profiles", { name: "one" });
    await t.call(trial, "POST", "/v1/profiles", { name: "one" });
    await t.call(trial, "POST", "/v1/profiles", { name: "two" });
    await t.call(trial, "POST", "/v1/profiles", { name: "bad name" });
    const entries = await json<Page<Entry>>(await t.call(trial, "GET", "/v1/audit-log"));
    expect(entries.data.map((e) => e.action)).toEqual(["profile.created"]);
  });

  it("rolls the change back with its entry when the transaction fails after both were written", async () => {
    const p = await send("POST", "/v1/profiles", { name: "a" });
    await t.db.client.execute(
      "CREATE TRIGGER fail_update AFTER INSERT ON audit_log WHEN NEW.action = 'profile.updated' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END",
    );
    const res = await t.call(owner, "PATCH", `/v1/profiles/${p.id}`, { name: "b" });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await json(res);
    expect(problem).toMatchObject({ code: "Internal" });
    expect(JSON.stringify(problem)).not.toContain("simulated failure");
    expect((await json<{ name: string }>(await t.call(owner, "GET", `/v1/profiles/${p.id}`))).name).toBe("a");
    expect((await audit()).map((e) => e.action)).toEqual(["profile.created"]);
  });
});

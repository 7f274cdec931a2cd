import type { Driftstack } from "@driftstack/sdk";
import { ValidationFailedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { atMost } from "../../../packages/sdk/test/support/at-most";
import { contract, rejection } from "./support/contract";

type ListCall = (ds: Driftstack, query: { limit?: number }, profileId: string) => PromiseLike<unknown>;

const LISTS: Record<string, ListCall> = {
  listArchetypes: (ds, query) => ds.archetypes.list(query),
  listProfiles: (ds, query) => ds.profiles.list(query),
  listProfileSnapshots: (ds, query, profileId) => ds.profiles.snapshots.list(profileId, query),
  listSnapshots: (ds, query) => ds.snapshots.list(query),
  listAuditLog: (ds, query) => ds.auditLog.list(query),
  listSessions: (ds, query) => ds.sessions.list(query),
};

/** Creates profiles one after another, so their ids sort in this order; returns their names newest first. */
async function createProfiles(ds: Driftstack, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `p${String(i).padStart(2, "0")}`);
  for (const name of names) await ds.profiles.create({ name });
  return names.reverse();
}

contract("pagination", (c) => {
  it("pages newest first with has_more and next_cursor, and ends with null", async () => {
    const ds = c.client();
    const names = await createProfiles(ds, 7);
    const first = await ds.profiles.list({ limit: 3 });
    expect(first.data.map((p) => p.name)).toEqual(names.slice(0, 3));
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).toBe(first.data[2]?.id);
    const second = await first.getNextPage();
    expect(second.data.map((p) => p.name)).toEqual(names.slice(3, 6));
    const last = await second.getNextPage();
    expect(last.data.map((p) => p.name)).toEqual(names.slice(6));
    expect(last).toMatchObject({ has_more: false, next_cursor: null });
  });

  it("walks every page with for await, one request per page", async () => {
    const ds = c.client();
    const names = await createProfiles(ds, 7);
    c.recorder.clear();
    const seen: string[] = [];
    for await (const profile of atMost(ds.profiles.list({ limit: 3 }), 100)) seen.push(profile.name);
    expect(seen).toEqual(names);
    expect(c.recorder.sent("GET", "/v1/profiles")).toHaveLength(3);
    const sizes: number[] = [];
    for await (const page of atMost(ds.profiles.list({ limit: 3 }).iterPages(), 100)) sizes.push(page.data.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("collects a bounded number of items with toArray({max})", async () => {
    const ds = c.client();
    const names = await createProfiles(ds, 7);
    const some = await ds.profiles.list({ limit: 2 }).toArray({ max: 5 });
    expect(some.map((p) => p.name)).toEqual(names.slice(0, 5));
    expect(await ds.profiles.list({ limit: 100 }).toArray({ max: 50 })).toHaveLength(7);
  });

  it("keeps a cursor valid after its profile is deleted", async () => {
    const ds = c.client();
    const names = await createProfiles(ds, 6);
    const first = await ds.profiles.list({ limit: 3 });
    const cursorProfile = first.data[2];
    if (!cursorProfile) throw new Error("the first page is short");
    await ds.profiles.delete(cursorProfile.id);
    const next = await first.getNextPage();
    expect(next.data.map((p) => p.name)).toEqual(names.slice(3, 6));
  });

  it("refuses limits outside 1..100 and accepts both ends", async () => {
    const ds = c.client();
    await createProfiles(ds, 2);
    await rejection(ds.profiles.list({ limit: 0 }), ValidationFailedError);
    await rejection(ds.profiles.list({ limit: 101 }), ValidationFailedError);
    expect((await ds.profiles.list({ limit: 1 })).data).toHaveLength(1);
    expect((await ds.profiles.list({ limit: 100 })).data).toHaveLength(2);
  });

  it("filters by exact name and by archetype, across pages", async () => {
    const ds = c.client();
    await ds.profiles.create({ name: "Shop" });
    await ds.profiles.create({ name: "shop" });
    for (const name of ["old-1", "old-2", "old-3"]) {
      await ds.profiles.create({ name, archetype: "iphone15_ios17_5_safari17_5" });
    }
    expect((await ds.profiles.list({ name: "shop" })).data.map((p) => p.name)).toEqual(["shop"]);
    expect((await ds.profiles.list({ name: "sho" })).data).toEqual([]);
    const old: string[] = [];
    for await (const p of atMost(ds.profiles.list({ archetype: "iphone15_ios17_5_safari17_5", limit: 2 }), 100))
      old.push(p.name);
    expect(old).toEqual(["old-3", "old-2", "old-1"]);
    const unknown = { archetype: "pixel9_android15" } as unknown as { archetype: "iphone15_ios17_5_safari17_5" };
    await rejection(ds.profiles.list(unknown), ValidationFailedError);
  });

  it("lists nothing of another account", async () => {
    await createProfiles(c.client("outsider"), 2);
    expect(await c.client().profiles.list()).toMatchObject({ data: [], has_more: false, next_cursor: null });
  });
});

contract("list limits", (c) => {
  it.each(Object.keys(LISTS))("%s refuses a limit of 0 or 101 and takes 1 and 100", async (id) => {
    const ds = c.client();
    const list = LISTS[id] as ListCall;
    const { id: profileId } = await ds.profiles.create({ name: "p" });
    for (const limit of [0, 101]) await rejection(list(ds, { limit }, profileId), ValidationFailedError);
    for (const limit of [1, 100]) await list(ds, { limit }, profileId);
  });

  it("refuses an unknown session status filter", async () => {
    const bogus = { status: "sleeping" } as unknown as { status: "active" };
    await rejection(c.client().sessions.list(bogus), ValidationFailedError);
  });
});

contract("archetypes", (c) => {
  it("lists the catalogue in one envelope with the real device figures", async () => {
    const page = await c.reader().archetypes.list();
    expect(page).toMatchObject({ has_more: false, next_cursor: null });
    expect(page.data.map((a) => a.id)).toEqual([
      "iphone16pro_ios18_7_safari26_4",
      "iphone16promax_ios18_7_safari26_4",
      "iphone16_ios18_7_safari26_4",
      "iphone15pro_ios17_6_safari17_6",
      "iphone15_ios17_5_safari17_5",
    ]);
    const byId = new Map(page.data.map((a) => [a.id, a]));
    expect(byId.get("iphone16pro_ios18_7_safari26_4")).toMatchObject({
      device: "iPhone 16 Pro",
      screen: { width: 402, height: 874 },
      is_mobile: true,
      has_touch: true,
      device_scale_factor: 3,
    });
    expect(byId.get("iphone15pro_ios17_6_safari17_6")?.screen).toEqual({ width: 393, height: 852 });
  });

  it("pages the catalogue by archetype id", async () => {
    const ds = c.client();
    const all = (await ds.archetypes.list()).data.map((a) => a.id);
    const first = await ds.archetypes.list({ limit: 2 });
    expect(first.next_cursor).toBe(all[1]);
    const seen: string[] = [];
    for await (const a of atMost(ds.archetypes.list({ limit: 2 }), 100)) seen.push(a.id);
    expect(seen).toEqual(all);
  });
});

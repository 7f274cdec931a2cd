import { beforeEach, describe, expect, it } from "vitest";
import { json, manualClock, type TestAccount, type TestApp, testApp } from "./support/harness";

type Profile = { id: string; name: string; archetype: string; created_at: string };
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

let t: TestApp;
let owner: TestAccount;
const clock = manualClock();

beforeEach(async () => {
  t = await testApp({ clock });
  owner = await t.account("enterprise");
});

async function createMany(n: number, archetype?: string, prefix = "p"): Promise<Profile[]> {
  const out: Profile[] = [];
  for (let i = 0; i < n; i++) {
    // Every third profile shares a millisecond with the one before, to exercise the id tie-break.
    if (i % 3 !== 1) clock.advance(1);
    const res = await t.call(owner, "POST", "/v1/profiles", {
      name: `${prefix}${String(i).padStart(3, "0")}`,
      archetype,
    });
    out.push(await json<Profile>(res));
  }
  return out;
}

async function page(query: string): Promise<Page<Profile>> {
  const res = await t.call(owner, "GET", `/v1/profiles${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return json<Page<Profile>>(res);
}

/** More pages than any walk here can need: a cursor that stops advancing fails instead of looping on. */
const MAX_PAGES = 100;

async function walk(limit: number, between?: (page: Page<Profile>) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    pages += 1;
    if (pages > MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages: the cursor does not advance`);
    const p: Page<Profile> = await page(`?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    ids.push(...p.data.map((x) => x.id));
    expect(p.data.length).toBeLessThanOrEqual(limit);
    expect(p.next_cursor).toBe(p.has_more ? (p.data.at(-1)?.id ?? null) : null);
    cursor = p.next_cursor;
    await between?.(p);
  } while (cursor);
  return ids;
}

describe("GET /v1/profiles", () => {
  it("answers the envelope, newest first (created_at desc, id desc)", async () => {
    const made = await createMany(5);
    const p = await page("");
    expect(p.has_more).toBe(false);
    expect(p.next_cursor).toBeNull();
    expect(p.data.map((x) => x.id)).toEqual(made.map((x) => x.id).reverse());
    const sorted = [...p.data].sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1,
    );
    expect(p.data).toEqual(sorted);
  });

  it("defaults to 50 per page and accepts 1 to 100", async () => {
    await createMany(120);
    expect((await page("")).data).toHaveLength(50);
    expect((await page("?limit=1")).data).toHaveLength(1);
    expect((await page("?limit=100")).data).toHaveLength(100);
  });

  it.each(["0", "101", "-1", "1.5", "abc", ""])("rejects limit=%s with 400", async (limit) => {
    const res = await t.call(owner, "GET", `/v1/profiles?limit=${limit}`);
    expect(res.status).toBe(400);
    expect((await json<{ errors: { path: string }[] }>(res)).errors[0]?.path).toBe("limit");
  });

  it.each(["garbage", "psnap_01a22302-9b92-7497-b386-2b62bf675abd", "prof_notauuid"])(
    "rejects cursor=%s with 400",
    async (cursor) => {
      const res = await t.call(owner, "GET", `/v1/profiles?cursor=${cursor}`);
      expect(res.status).toBe(400);
    },
  );

  it("rejects unknown query parameters", async () => {
    const res = await t.call(owner, "GET", "/v1/profiles?limt=5");
    expect(res.status).toBe(400);
  });

  it("walks every profile exactly once across page boundaries", async () => {
    const made = await createMany(23);
    for (const limit of [1, 4, 5, 23, 100]) {
      expect(await walk(limit)).toEqual(made.map((x) => x.id).reverse());
    }
  });

  it("keeps a cursor valid after its row and others are deleted between pages", async () => {
    const made = await createMany(20);
    const deleted = new Set<string>();
    const seen = await walk(4, async (p) => {
      // Delete the cursor row itself and the first row of the next page.
      const last = p.data.at(-1);
      if (!last) return;
      const index = made.findIndex((x) => x.id === last.id);
      for (const victim of [made[index], made[index - 1]]) {
        if (victim && !deleted.has(victim.id)) {
          expect((await t.call(owner, "DELETE", `/v1/profiles/${victim.id}`)).status).toBe(204);
          deleted.add(victim.id);
        }
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    const expected = made
      .map((x) => x.id)
      .reverse()
      .filter((id) => seen.includes(id) || !deleted.has(id));
    expect(seen).toEqual(expected);
  });

  it("does not show rows created after the walk began on later pages out of order", async () => {
    const made = await createMany(6);
    const first = await page("?limit=3");
    await createMany(2, undefined, "late");
    const second = await page(`?limit=3&cursor=${first.next_cursor}`);
    // Exactly the three oldest: an empty page would fail here too.
    expect(second.data.map((x) => x.name)).toEqual(["p002", "p001", "p000"]);
    expect(second.data.map((x) => x.id)).toEqual(
      made
        .slice(0, 3)
        .map((x) => x.id)
        .reverse(),
    );
  });

  it("filters by exact name and by archetype", async () => {
    await createMany(3);
    const legacy = await createMany(2, "iphone15pro_ios17_6_safari17_6", "legacy");
    expect((await page("?name=p001")).data.map((x) => x.name)).toEqual(["p001"]);
    expect((await page("?name=p00")).data).toEqual([]);
    const byArchetype = await page("?archetype=iphone15pro_ios17_6_safari17_6");
    expect(byArchetype.data.map((x) => x.id)).toEqual(legacy.map((x) => x.id).reverse());
    expect((await t.call(owner, "GET", "/v1/profiles?archetype=nope")).status).toBe(400);
  });

  it("only ever lists the caller's account", async () => {
    await createMany(3);
    const other = await t.account("solo_manual");
    const res = await t.call(other, "GET", "/v1/profiles");
    expect((await json<Page<Profile>>(res)).data).toEqual([]);
  });
});

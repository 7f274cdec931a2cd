import { beforeAll, describe, expect, it } from "vitest";
import { type Driftstack, DriftstackError, Page } from "../src";
import { atMost } from "./support/at-most";
import { recording, setup } from "./support/server";

describe("pagination", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let requests: Request[];
  let ds: Driftstack;
  /** Newest first, as every list answers. */
  let names: string[];

  beforeAll(async () => {
    t = await setup();
    const account = await t.account("enterprise");
    const seeder = t.client(account);
    names = [];
    for (let i = 0; i < 25; i++) {
      const profile = await seeder.profiles.create({
        name: `p-${String(i).padStart(2, "0")}`,
        archetype: i % 5 === 0 ? "iphone15_ios17_5_safari17_5" : undefined,
      });
      names.unshift(profile.name);
    }
    const wire = recording(t.appFetch);
    requests = wire.requests;
    ds = t.client(account, { fetch: wire.fetch });
  });

  const reset = () => requests.splice(0);
  const cursors = () => requests.map((r) => new URL(r.url).searchParams.get("cursor"));

  it("awaiting gives the first page, the wire envelope plus helpers", async () => {
    reset();
    const page = await ds.profiles.list({ limit: 3 });
    expect(page).toBeInstanceOf(Page);
    expect(page.data.map((p) => p.name)).toEqual(names.slice(0, 3));
    expect(page.has_more).toBe(true);
    expect(page.next_cursor).toBe(page.data[2]?.id);
    expect(page.hasNextPage()).toBe(true);
    expect(JSON.parse(JSON.stringify(page))).toEqual({
      data: page.data,
      has_more: true,
      next_cursor: page.next_cursor,
    });
    const second = await page.getNextPage();
    expect(second.data.map((p) => p.name)).toEqual(names.slice(3, 6));
    expect(requests).toHaveLength(2);
  });

  it("for await walks every item across 9 pages, one request per page, lazily", async () => {
    reset();
    const seen: string[] = [];
    for await (const profile of atMost(ds.profiles.list({ limit: 3 }), names.length)) seen.push(profile.name);
    expect(seen).toEqual(names);
    expect(requests).toHaveLength(9);
    expect(cursors()[0]).toBeNull();
    for (const request of requests) expect(new URL(request.url).searchParams.get("limit")).toBe("3");
  });

  it("break stops without fetching another page", async () => {
    reset();
    const seen: string[] = [];
    for await (const profile of ds.profiles.list({ limit: 3 })) {
      seen.push(profile.name);
      if (seen.length === 6) break; // the last item of page 2
    }
    expect(seen).toEqual(names.slice(0, 6));
    expect(requests).toHaveLength(2);
  });

  it("keeps filters across pages", async () => {
    reset();
    const pinned = await ds.profiles.list({ limit: 2, archetype: "iphone15_ios17_5_safari17_5" }).toArray({ max: 100 });
    expect(pinned.map((p) => p.name)).toEqual(["p-20", "p-15", "p-10", "p-05", "p-00"]);
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(new URL(request.url).searchParams.get("archetype")).toBe("iphone15_ios17_5_safari17_5");
    }
  });

  it("iterPages yields each page", async () => {
    reset();
    const sizes: number[] = [];
    for await (const page of atMost(ds.profiles.list({ limit: 10 }).iterPages(), 10)) sizes.push(page.data.length);
    expect(sizes).toEqual([10, 10, 5]);
  });

  it("toArray stops at max with no extra request, and requires max", async () => {
    reset();
    const four = await ds.profiles.list({ limit: 3 }).toArray({ max: 4 });
    expect(four.map((p) => p.name)).toEqual(names.slice(0, 4));
    expect(requests).toHaveLength(2);
    // @ts-expect-error max is required
    await expect(ds.profiles.list().toArray()).rejects.toThrow(/toArray\(\) needs a maximum/);
    // @ts-expect-error max is required
    await expect(ds.profiles.list().toArray({})).rejects.toBeInstanceOf(DriftstackError);
    expect(await ds.profiles.list().toArray({ max: 0 })).toEqual([]);
  });

  it("the first page is fetched once however the PagePromise is used, and only when used", async () => {
    reset();
    const list = ds.profiles.list({ limit: 5 });
    expect(requests).toHaveLength(0);
    const [a, b] = await Promise.all([list, list]);
    expect(a).toBe(b);
    const items = [];
    for await (const p of list) {
      items.push(p);
      if (items.length === 5) break;
    }
    expect(requests).toHaveLength(1);
  });

  it("getNextPage on the last page throws a clear error", async () => {
    const last = await ds.profiles.list({ limit: 100 });
    expect(last.hasNextPage()).toBe(false);
    await expect(last.getNextPage()).rejects.toThrow(/last page/);
  });

  it("an error on a later page surfaces from the loop", async () => {
    const failing = t.client((await t.account("enterprise")).key, {
      fetch: (request) =>
        new URL(request.url).searchParams.has("cursor")
          ? Promise.resolve(new Response("", { status: 404 }))
          : t.appFetch(request),
    });
    for (let i = 0; i < 3; i++) await failing.profiles.create({ name: `x${i}` });
    const seen: string[] = [];
    await expect(async () => {
      for await (const p of atMost(failing.profiles.list({ limit: 2 }), 3)) seen.push(p.name);
    }).rejects.toThrow(/404/);
    expect(seen).toHaveLength(2);
  });
});

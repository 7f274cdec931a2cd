import { describe, expect, it } from "vitest";
import { replaceProfileState } from "../src/store/states";
import { json, testApp } from "./support/harness";
import { countQueries } from "./support/query-counter";

type Profile = { id: string; state_bytes: number | null; state_updated_at: string | null; in_use: boolean };
type Page = { data: Profile[]; has_more: boolean; next_cursor: string | null };

describe("GET /v1/profiles", () => {
  it("reads a page, states and use included, in one query, each item as GET by id answers it", async () => {
    const t = await testApp({ file: true });
    const owner = await t.account("enterprise");
    const made: Profile[] = [];
    for (const name of ["a", "b", "c"])
      made.push(await json<Profile>(await t.call(owner, "POST", "/v1/profiles", { name })));
    const withState = made[1]?.id ?? "";
    await t.db.write((tx) =>
      replaceProfileState(tx, {
        profileId: withState,
        accountId: owner.id,
        format: "test",
        data: "x".repeat(42),
        now: Date.now(),
      }),
    );
    await t.call(owner, "GET", "/v1/profiles?limit=2"); // caches the key

    const queries = countQueries(t.db);
    const first = await json<Page>(await t.call(owner, "GET", "/v1/profiles?limit=2"));
    expect(queries.count()).toBe(1);
    queries.reset();
    const second = await json<Page>(await t.call(owner, "GET", `/v1/profiles?limit=2&cursor=${first.next_cursor}`));
    expect(queries.count()).toBe(1);

    const listed = [...first.data, ...second.data];
    expect(listed.map((p) => p.id)).toEqual(made.map((p) => p.id).reverse());
    expect(listed.find((p) => p.id === withState)).toMatchObject({ state_bytes: 42, in_use: false });
    for (const item of listed) {
      expect(item).toEqual(await json<Profile>(await t.call(owner, "GET", `/v1/profiles/${item.id}`)));
    }
  });
});

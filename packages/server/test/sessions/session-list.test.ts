import { describe, expect, it } from "vitest";
import { newProfile, ok, type Session, sessionApp } from "../support/sessions";

type Page = { data: Session[]; has_more: boolean; next_cursor: string | null };

describe("GET /v1/sessions", () => {
  it("pages newest first: a full page says there is more, the last page says there is none", async () => {
    const t = await sessionApp();
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id, persist: false }));
      opened.push(s.id);
    }
    const first = await ok<Page>(t.call(owner, "GET", "/v1/sessions?limit=2"));
    expect(first.data.map((s) => s.id)).toEqual([opened[2], opened[1]]);
    expect(first.has_more).toBe(true);
    const second = await ok<Page>(t.call(owner, "GET", `/v1/sessions?limit=2&cursor=${first.next_cursor}`));
    expect(second.data.map((s) => s.id)).toEqual([opened[0]]);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
    const exact = await ok<Page>(t.call(owner, "GET", "/v1/sessions?limit=3"));
    expect(exact.data).toHaveLength(3);
    expect(exact.has_more).toBe(false);
  });
});

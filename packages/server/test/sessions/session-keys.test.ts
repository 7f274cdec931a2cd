import { describe, expect, it } from "vitest";
import { newProfile, type Session, sessionApp } from "../support/sessions";

// Session routes commit the key's claim before the browser starts and store the answer after it
// (http/idempotency.ts): the stored answer must be what every later repeat gets.
describe("Idempotency-Key on a session create", () => {
  it("opens one session and replays its answer to every repeat", async () => {
    const t = await sessionApp();
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const create = () =>
      t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }, { "idempotency-key": "open-once" });
    const first = await create();
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const opened = (await first.json()) as Session;
    for (const repeat of [await create(), await create()]) {
      expect(repeat.status).toBe(200);
      expect(repeat.headers.get("idempotent-replayed")).toBe("true");
      expect(((await repeat.json()) as Session).id).toBe(opened.id);
    }
    const listed = (await (await t.call(owner, "GET", "/v1/sessions")).json()) as { data: Session[] };
    expect(listed.data.map((s) => s.id)).toEqual([opened.id]);
  });

  it("frees its key when refused with 429 SessionLimit: the same key opens the session once there is room", async () => {
    const t = await sessionApp({ service: { maxActive: 1 } });
    const owner = await t.account();
    const busy = await newProfile(t, owner, "busy");
    const wanted = await newProfile(t, owner, "wanted");
    const running = (await (await t.call(owner, "POST", "/v1/sessions", { profile_id: busy.id })).json()) as Session;
    const create = () =>
      t.call(owner, "POST", "/v1/sessions", { profile_id: wanted.id }, { "idempotency-key": "when-there-is-room" });
    const refused = await create();
    expect(refused.status).toBe(429);
    expect((await refused.json()) as { code: string }).toMatchObject({ code: "SessionLimit" });
    expect((await t.call(owner, "DELETE", `/v1/sessions/${running.id}`)).status).toBe(200);
    const retried = await create();
    expect(retried.status).toBe(200);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect((await retried.json()) as Session).toMatchObject({ profile_id: wanted.id, status: "active" });
  });
});

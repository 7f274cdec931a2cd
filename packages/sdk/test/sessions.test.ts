import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionApp } from "../../server/test/support/sessions";
import {
  BrowserUnavailableError,
  ConflictError,
  EvaluationFailedError,
  GoneError,
  NotFoundError,
  SessionLimitError,
  ValidationFailedError,
} from "../src";
import { recording, setup, type TestAccount } from "./support/server";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("sessions (fake browser driver)", () => {
  let t: Awaited<ReturnType<typeof setup<Awaited<ReturnType<typeof sessionApp>>>>>;
  let account: TestAccount;
  beforeAll(async () => {
    t = await setup(() => sessionApp());
    account = await t.account();
  });
  afterAll(() => t.sessions.shutdown());

  it("create / get / list / goto / screenshot / cookies / destroy", async () => {
    const ds = t.client(account);
    const profile = await ds.profiles.create({ name: "browsing" });
    const session = await ds.sessions.create({ profile_id: profile.id, persist: true, idle_timeout_s: 300 });
    expect(session).toMatchObject({ profile_id: profile.id, status: "active", persist: true, engine: "fake" });
    expect(await ds.sessions.get(session.id)).toEqual(session);
    expect((await ds.sessions.list({ profile_id: profile.id, status: "active" })).data.map((s) => s.id)).toEqual([
      session.id,
    ]);

    const visit = await ds.sessions.goto(session.id, { url: "https://example.org/login", timeout_ms: 5_000 });
    expect(visit).toMatchObject({ url: "https://example.org/login", status: 200 });

    const png = await ds.sessions.screenshot(session.id);
    expect(png).toBeInstanceOf(Uint8Array);
    expect([...png.slice(0, 8)]).toEqual(PNG_MAGIC);

    const added = await ds.sessions.cookies.add(session.id, {
      cookies: [{ name: "sid", value: "abc", url: "https://example.org/", http_only: true }],
    });
    expect(added.data).toEqual([expect.objectContaining({ name: "sid", value: "abc", domain: "example.org" })]);
    const cookies = await ds.sessions.cookies.list(session.id).toArray({ max: 100 });
    expect(cookies).toEqual(added.data);

    const closed = await ds.sessions.destroy(session.id);
    expect(closed).toMatchObject({ id: session.id, status: "closed", end_reason: "destroyed" });
    expect(closed.state_persisted_at).not.toBeNull();
    expect((await ds.profiles.get(profile.id)).state_bytes).toBeGreaterThan(0);

    const again = await ds.sessions.create({ profile_id: profile.id, persist: false, idle_timeout_s: 60 });
    expect((await ds.sessions.cookies.list(again.id)).data.map((c) => [c.name, c.value])).toEqual([["sid", "abc"]]);
    await ds.sessions.destroy(again.id);
  });

  it("a second writer queues; actions on it are ConflictError; it starts when the first ends", async () => {
    const ds = t.client(account);
    const profile = await ds.profiles.create({ name: "contended" });
    const first = await ds.sessions.create({ profile_id: profile.id, persist: true, idle_timeout_s: 300 });
    const second = await ds.sessions.create({ profile_id: profile.id, persist: true, idle_timeout_s: 300 });
    expect(second).toMatchObject({ status: "queued", queue_position: 1 });
    await expect(
      ds.sessions.goto(second.id, { url: "https://example.org/", timeout_ms: 1_000 }),
    ).rejects.toBeInstanceOf(ConflictError);
    await ds.sessions.destroy(first.id);
    expect((await ds.sessions.get(second.id)).status).toBe("active");
    await ds.sessions.destroy(second.id);
  });

  it("evaluate: the fake engine cannot, which is EvaluationFailedError", async () => {
    const ds = t.client(account);
    const profile = await ds.profiles.create({ name: "evaluating" });
    const session = await ds.sessions.create({ profile_id: profile.id, persist: false, idle_timeout_s: 60 });
    const error = await ds.sessions.evaluate(session.id, { expression: "1 + 1", timeout_ms: 1_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(EvaluationFailedError);
    expect(error).toMatchObject({ status: 422, code: "EvaluationFailed" });
    await ds.sessions.destroy(session.id);
  });

  it("GoneError once the profile is deleted; NotFoundError and ValidationFailedError as usual", async () => {
    const ds = t.client(account);
    const profile = await ds.profiles.create({ name: "doomed" });
    const session = await ds.sessions.create({ profile_id: profile.id, persist: true, idle_timeout_s: 300 });
    await ds.profiles.delete(profile.id);
    await expect(ds.sessions.screenshot(session.id)).rejects.toBeInstanceOf(GoneError);
    await expect(ds.sessions.get("sess_missing")).rejects.toBeInstanceOf(NotFoundError);
    const other = await ds.profiles.create({ name: "other" });
    await expect(
      ds.sessions.create({ profile_id: other.id, persist: true, idle_timeout_s: -1 }),
    ).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(
      ds.sessions.create({ profile_id: profile.id, persist: true, idle_timeout_s: 300 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("sessions without a browser engine", () => {
  it("BrowserUnavailableError, not retried", async () => {
    const t = await setup(() => sessionApp({ driver: null }));
    const account = await t.account();
    const wire = recording(t.appFetch);
    const ds = t.client(account, { fetch: wire.fetch, maxRetries: 3 });
    const profile = await ds.profiles.create({ name: "no-browser" });
    const error = await ds.sessions
      .create({ profile_id: profile.id, persist: true, idle_timeout_s: 300 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BrowserUnavailableError);
    expect(error.status).toBe(503);
    expect(error.detail).toMatch(/chromium|webkit/i);
    expect(wire.requests.filter((r) => r.url.endsWith("/v1/sessions"))).toHaveLength(1);
    await t.sessions.shutdown();
  });
});

describe("the server's session limit", () => {
  it("SessionLimitError once retries run out", async () => {
    const t = await setup(() => sessionApp({ service: { maxActive: 1 } }));
    const account = await t.account();
    const ds = t.client(account);
    const [a, b] = [await ds.profiles.create({ name: "a" }), await ds.profiles.create({ name: "b" })];
    await ds.sessions.create({ profile_id: a.id, persist: true, idle_timeout_s: 300 });
    const wire = recording(t.appFetch);
    const limited = t.client(account, { fetch: wire.fetch, maxRetries: 1 });
    const error = await limited.sessions
      .create({ profile_id: b.id, persist: true, idle_timeout_s: 300 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SessionLimitError);
    expect(wire.requests).toHaveLength(2);
    await t.sessions.shutdown();
  });
});

import { chromium, webkit } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ARCHETYPES } from "../../src/domain/archetypes";
import { CHROMIUM_ARGS, createPlaywrightDriver } from "../../src/driver/playwright";
import type { RealDriver } from "../../src/driver/select";
import { describeEngines, driverFor, REMOTE_NEEDS_PLAYWRIGHT } from "../driver/engines";
import { READ_STORAGE, SESSION_COOKIE, startSite, type TestSite } from "../driver/site";
import type { TestAccount } from "../support/harness";
import { listen } from "../support/http";
import { eventually, type Profile, type Session, sessionApp } from "../support/sessions";

/**
 * Sessions on a real browser, through the HTTP API of a real server, against
 * a site served on loopback by the test.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describeEngines("sessions on a real browser", (install) => {
  let site: TestSite;
  let driver: RealDriver;
  let server: Awaited<ReturnType<typeof listen>>;
  let owner: TestAccount;

  beforeAll(async () => {
    site = await startSite();
    driver = driverFor(install);
    const t = await sessionApp({ driver, file: true });
    owner = await t.account("enterprise");
    server = await listen(t.app.fetch);
  });

  afterAll(async () => {
    await server?.close();
    await driver?.close();
    await site?.close();
  });

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${owner.key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  const profile = (name: string, archetype?: string) => api<Profile>("POST", "/v1/profiles", { name, archetype });
  const open = (profileId: string, persist = true) =>
    api<Session>("POST", "/v1/sessions", { profile_id: profileId, persist });
  const goto = (id: string, path = "/") =>
    api<{ url: string; status: number; title: string }>("POST", `/v1/sessions/${id}/goto`, { url: site.url + path });
  const evaluate = <T>(id: string, expression: string) =>
    api<{ result: T }>("POST", `/v1/sessions/${id}/evaluate`, { expression });
  const destroy = (id: string) => api<Session>("DELETE", `/v1/sessions/${id}`);
  const cookies = async (id: string) =>
    (await api<{ data: { name: string; value: string; http_only: boolean }[] }>("GET", `/v1/sessions/${id}/cookies`))
      .data;
  const storage = async (id: string) => {
    await goto(id, "/blank");
    return (await evaluate<{ local: string | null; record: unknown }>(id, READ_STORAGE)).result;
  };

  async function logIn(profileId: string): Promise<void> {
    const s = await open(profileId);
    expect(await goto(s.id)).toMatchObject({ status: 200, title: "Driftstack test site" });
    expect((await evaluate<boolean>(s.id, "window.stored")).result).toBe(true);
    const ended = await destroy(s.id);
    expect(ended.state_persisted_at).not.toBeNull();
  }

  it("keeps an httpOnly cookie, localStorage and IndexedDB from one session to the next", async () => {
    const p = await profile(`persist-${install.engine}`);
    await logIn(p.id);
    const next = await open(p.id);
    expect(await cookies(next.id)).toContainEqual(
      expect.objectContaining({ name: SESSION_COOKIE, value: "s3cret", http_only: true }),
    );
    expect(await storage(next.id)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    expect((await goto(next.id, "/whoami")).title).toBe(`cookie: ${SESSION_COOKIE}=s3cret`);
    await destroy(next.id);
  });

  it("closes an idle session after idle_timeout_s and saves the values it held", async () => {
    const p = await profile(`idle-${install.engine}`);
    const s = await api<Session>("POST", "/v1/sessions", { profile_id: p.id, idle_timeout_s: 1 });
    await goto(s.id);
    expect((await evaluate<boolean>(s.id, "window.stored")).result).toBe(true);
    const ended = await eventually(
      () => api<Session>("GET", `/v1/sessions/${s.id}`),
      (x) => x.status !== "active",
      20_000,
    );
    expect(ended).toMatchObject({ status: "closed", end_reason: "idle_timeout" });
    expect(ended.state_persisted_at).not.toBeNull();
    const next = await open(p.id, false);
    expect(await cookies(next.id)).toContainEqual(
      expect.objectContaining({ name: SESSION_COOKIE, value: "s3cret", http_only: true }),
    );
    expect(await storage(next.id)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    await destroy(next.id);
  });

  it("shows the archetype to the page", async () => {
    const archetype = ARCHETYPES.find((a) => a.id === "iphone15pro_ios17_6_safari17_6");
    if (!archetype) throw new Error("catalogue changed");
    const p = await profile(`device-${install.engine}`, archetype.id);
    const s = await open(p.id, false);
    await goto(s.id, "/blank");
    const seen = await evaluate<{ ua: string; width: number; dpr: number; touch: boolean; inner: number }>(
      s.id,
      "({ ua: navigator.userAgent, width: screen.width, dpr: devicePixelRatio, touch: navigator.maxTouchPoints > 0 || 'ontouchstart' in window, inner: innerWidth })",
    );
    expect(seen.result).toEqual({
      ua: archetype.user_agent,
      width: 393,
      dpr: 3,
      touch: true,
      inner: archetype.viewport.width,
    });
    expect(seen.result.ua).toMatch(/iPhone OS 17_6/);
    const png = await fetch(`${server.url}/v1/sessions/${s.id}/screenshot`, {
      headers: { authorization: `Bearer ${owner.key}` },
    });
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // PNG width and height (IHDR) are the viewport in device pixels.
    const view = new DataView(bytes.buffer);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([
      archetype.viewport.width * 3,
      archetype.viewport.height * 3,
    ]);
    await destroy(s.id);
  });

  it("serialises two writers: the second is queued, refused, then starts when the first ends", async () => {
    const p = await profile(`writers-${install.engine}`);
    const first = await open(p.id);
    const second = await open(p.id);
    expect(second).toMatchObject({ status: "queued", queue_position: 1 });
    const refused = await fetch(`${server.url}/v1/sessions/${second.id}/goto`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.key}`, "content-type": "application/json" },
      body: JSON.stringify({ url: site.url }),
    });
    expect(refused.status).toBe(409);
    await goto(first.id);
    await evaluate(first.id, "window.stored");
    await destroy(first.id);
    const started = await eventually(
      () => api<Session>("GET", `/v1/sessions/${second.id}`),
      (s) => s.status === "active",
    );
    expect(started.status).toBe("active");
    expect((await storage(second.id)).local).toBe("kept");
    await destroy(second.id);
  });

  it("starts restored profiles from the snapshot's state, clones and other profiles empty", async () => {
    const p = await profile(`source-${install.engine}`);
    await logIn(p.id);
    const snap = await api<{ id: string }>("POST", `/v1/profiles/${p.id}/snapshots`, { label: "logged-in" });
    const restored = await api<Profile>("POST", `/v1/profile-snapshots/${snap.id}/restore`);
    const clone = await api<Profile>("POST", `/v1/profiles/${p.id}/clone`);
    const other = await profile(`other-${install.engine}`);
    const rs = await open(restored.id, false);
    expect(await storage(rs.id)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    expect(await cookies(rs.id)).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, value: "s3cret" }));
    for (const empty of [clone, other]) {
      const s = await open(empty.id, false);
      expect(await storage(s.id)).toEqual({ local: null, record: null });
      expect(await cookies(s.id)).toEqual([]);
      await destroy(s.id);
    }
    await destroy(rs.id);
  });

  it("keeps sessions on different profiles apart while they run in parallel", async () => {
    const profiles = await Promise.all([0, 1, 2].map((i) => profile(`parallel-${i}-${install.engine}`)));
    const sessions = await Promise.all(profiles.map((p) => open(p.id)));
    await Promise.all(sessions.map((s) => goto(s.id, "/blank")));
    await Promise.all(sessions.map((s, i) => evaluate(s.id, `localStorage.setItem("who", "${i}")`)));
    const seen = await Promise.all(sessions.map((s) => evaluate<string>(s.id, 'localStorage.getItem("who")')));
    expect(seen.map((r) => r.result)).toEqual(["0", "1", "2"]);
    await Promise.all(sessions.map((s) => destroy(s.id)));
  });

  it("keeps the last good state when the browser dies mid-session, then starts again", async () => {
    const p = await profile(`crash-${install.engine}`);
    await logIn(p.id);
    const before = await api<Profile>("GET", `/v1/profiles/${p.id}`);
    const s = await open(p.id);
    await goto(s.id, "/blank");
    await evaluate(s.id, 'localStorage.setItem("driftstack", "unsaved")');
    await driver.killBrowser();
    const failed = await eventually(
      () => api<Session>("GET", `/v1/sessions/${s.id}`),
      (x) => x.status === "failed",
    );
    expect(failed).toMatchObject({ status: "failed", end_reason: "browser_crashed", state_persisted_at: null });
    const after = await api<Profile>("GET", `/v1/profiles/${p.id}`);
    expect(after.state_updated_at).toBe(before.state_updated_at);
    const next = await open(p.id);
    expect(await storage(next.id)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    expect(await cookies(next.id)).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, value: "s3cret" }));
    await destroy(next.id);
  });
});

describeEngines(
  "sessions on a remote browser server",
  (install) => {
    it("run through DRIFTSTACK_BROWSER_WS_ENDPOINT and keep their state", async () => {
      const type = install.engine === "webkit" ? webkit : chromium;
      const args = install.engine === "chromium" ? [...CHROMIUM_ARGS] : [];
      const browserServer = await type.launchServer({ executablePath: install.executablePath, args });
      const site = await startSite();
      const driver = createPlaywrightDriver({ engine: install.engine, wsEndpoint: browserServer.wsEndpoint() });
      try {
        const t = await sessionApp({ driver });
        const owner = await t.account();
        const p = await t.call(owner, "POST", "/v1/profiles", { name: "remote" }).then((r) => r.json());
        const s = await t.call(owner, "POST", "/v1/sessions", { profile_id: p.id }).then((r) => r.json());
        expect(s.status).toBe("active");
        await t.call(owner, "POST", `/v1/sessions/${s.id}/goto`, { url: site.url });
        await t.call(owner, "POST", `/v1/sessions/${s.id}/evaluate`, { expression: "window.stored" });
        await t.call(owner, "DELETE", `/v1/sessions/${s.id}`);
        const next = await t.call(owner, "POST", "/v1/sessions", { profile_id: p.id }).then((r) => r.json());
        const cookies = await t.call(owner, "GET", `/v1/sessions/${next.id}/cookies`).then((r) => r.json());
        expect(cookies.data.map((c: { name: string }) => c.name)).toContain(SESSION_COOKIE);
        await t.call(owner, "DELETE", `/v1/sessions/${next.id}`);
      } finally {
        await driver.close();
        await browserServer.close();
        await site.close();
      }
    });
  },
  REMOTE_NEEDS_PLAYWRIGHT,
);

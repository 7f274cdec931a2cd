import { expect, it, vi } from "vitest";
import { describeEngines } from "../driver/engines";
import { READ_STORAGE, SESSION_COOKIE } from "../driver/site";
import { useBrowserSessions } from "../support/browser-sessions";
import { ok, type Profile, type Session } from "../support/sessions";

/**
 * A profile's state moved whole through the API on a real browser: exported
 * from one profile after a real session stored an httpOnly cookie,
 * localStorage and IndexedDB, imported into another, whose next session has
 * them; and a checkpoint that saves them while the session goes on.
 */
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

describeEngines("profile state export, import and checkpoint on a real browser", (install) => {
  const env = useBrowserSessions(install);
  const call = <T>(method: string, path: string, body?: unknown) => ok<T>(env.t.call(env.owner, method, path, body));
  const profile = (name: string) => call<Profile>("POST", "/v1/profiles", { name: `${name}-${install.engine}` });
  const open = (p: Profile) => call<Session>("POST", "/v1/sessions", { profile_id: p.id });
  const goto = (id: string, path: string) => call("POST", `/v1/sessions/${id}/goto`, { url: env.site.url + path });
  const evaluate = <T>(id: string, expression: string) =>
    call<{ result: T }>("POST", `/v1/sessions/${id}/evaluate`, { expression }).then((r) => r.result);

  async function storeOnSite(p: Profile): Promise<Session> {
    const s = await open(p);
    await goto(s.id, "/");
    expect(await evaluate<boolean>(s.id, "window.stored")).toBe(true);
    return s;
  }

  async function expectCarried(p: Profile): Promise<void> {
    const next = await open(p);
    const cookies = await call<{ data: Array<{ name: string; value: string; http_only: boolean }> }>(
      "GET",
      `/v1/sessions/${next.id}/cookies`,
    );
    expect(cookies.data).toContainEqual(
      expect.objectContaining({ name: SESSION_COOKIE, value: "s3cret", http_only: true }),
    );
    await goto(next.id, "/blank");
    expect(await evaluate(next.id, READ_STORAGE)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    expect(
      (await call<{ title: string }>("POST", `/v1/sessions/${next.id}/goto`, { url: `${env.site.url}/whoami` })).title,
    ).toBe(`cookie: ${SESSION_COOKIE}=s3cret`);
    await call("DELETE", `/v1/sessions/${next.id}`);
  }

  it("exports profile A's state and imports it into profile B, whose next session has all of it", async () => {
    const a = await profile("export-from");
    const s = await storeOnSite(a);
    const ended = await call<Session & { saved: { cookies: number } }>("DELETE", `/v1/sessions/${s.id}`);
    expect(ended.saved.cookies).toBeGreaterThanOrEqual(1);

    const summary = await call<{
      origins: Array<{ origin: string; local_storage: { keys: number }; indexed_db: unknown[] }>;
    }>("GET", `/v1/profiles/${a.id}/state`);
    expect(summary.origins).toContainEqual(
      expect.objectContaining({
        origin: env.site.url,
        local_storage: expect.objectContaining({ keys: 1 }),
        indexed_db: [{ name: "driftstack", version: 1, stores: [{ name: "records", records: 1 }] }],
      }),
    );
    expect(JSON.stringify(summary)).not.toContain("s3cret");

    const exported = await call<unknown>("GET", `/v1/profiles/${a.id}/state/export`);
    const b = await profile("import-into");
    await call("PUT", `/v1/profiles/${b.id}/state`, exported);
    await expectCarried(b);
  });

  it("checkpoints a live session: the state is saved, the session goes on", async () => {
    const p = await profile("checkpoint");
    const s = await storeOnSite(p);
    const saved = await call<{ saved: { cookies: number; origins: number } }>(
      "POST",
      `/v1/sessions/${s.id}/checkpoint`,
      {},
    );
    expect(saved.saved.cookies).toBeGreaterThanOrEqual(1);
    expect(await evaluate(s.id, "1 + 1")).toBe(2);
    const other = await profile("checkpoint-copy");
    await call("PUT", `/v1/profiles/${other.id}/state`, await call("GET", `/v1/profiles/${p.id}/state/export`));
    await expectCarried(other);
    await call("DELETE", `/v1/sessions/${s.id}`);
  });
});

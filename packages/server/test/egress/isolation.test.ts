import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { PlaywrightDriver } from "../../src/driver/playwright";
import { describeEngines, driverFor } from "../driver/engines";
import { READ_STORAGE, SESSION_COOKIE, startSite, type TestSite } from "../driver/site";
import type { TestAccount } from "../support/harness";
import { listen } from "../support/http";
import { type Profile, type Session, sessionApp } from "../support/sessions";

/**
 * No browser state crosses profiles or accounts: one browser serves every
 * session, so only its per-session contexts keep them apart. Checked through
 * the HTTP API on a real browser, while the sessions run side by side and
 * after the owner's state has been persisted.
 */
// A dozen page loads and three persisted states: slow on a loaded two-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const EMPTY = { local: null, record: null };

describeEngines("isolation between profiles and accounts", (install) => {
  let site: TestSite;
  let driver: PlaywrightDriver;
  let server: Awaited<ReturnType<typeof listen>>;
  let alice: TestAccount;
  let bob: TestAccount;

  beforeAll(async () => {
    site = await startSite();
    driver = driverFor(install);
    const t = await sessionApp({ driver, file: true });
    alice = await t.account("enterprise");
    bob = await t.account("enterprise");
    server = await listen(t.app.fetch);
  });

  afterAll(async () => {
    await server?.close();
    await driver?.close();
    await site?.close();
  });

  async function api<T>(who: TestAccount, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${who.key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  const open = async (who: TestAccount, name: string) => {
    const profile = await api<Profile>(who, "POST", "/v1/profiles", { name });
    return { profile, session: await api<Session>(who, "POST", "/v1/sessions", { profile_id: profile.id }) };
  };
  const goto = (who: TestAccount, id: string, path: string) =>
    api<{ title: string }>(who, "POST", `/v1/sessions/${id}/goto`, { url: site.url + path });
  const evaluate = async (who: TestAccount, id: string, expression: string) =>
    (await api<{ result: unknown }>(who, "POST", `/v1/sessions/${id}/evaluate`, { expression })).result;

  /** What a session sees of the site's state: the cookie the site receives, its localStorage and IndexedDB, the cookie jar. */
  async function seen(who: TestAccount, id: string) {
    const cookieHeader = (await goto(who, id, "/whoami")).title;
    await goto(who, id, "/blank");
    const storage = await evaluate(who, id, READ_STORAGE);
    const jar = await api<{ data: unknown[] }>(who, "GET", `/v1/sessions/${id}/cookies`);
    return { cookieHeader, storage, jar: jar.data };
  }
  const NOTHING = { cookieHeader: "cookie: none", storage: EMPTY, jar: [] };

  it("keeps a profile's cookie, localStorage and IndexedDB from its account's other profile and from another account", async () => {
    const owner = await open(alice, `owner-${install.engine}`);
    const sibling = await open(alice, `sibling-${install.engine}`);
    const stranger = await open(bob, `stranger-${install.engine}`);

    await goto(alice, owner.session.id, "/");
    expect(await evaluate(alice, owner.session.id, "window.stored")).toBe(true);
    expect((await seen(alice, owner.session.id)).storage).toEqual({ local: "kept", record: { n: 1, from: "home" } });

    // Side by side in the same browser.
    expect(await seen(alice, sibling.session.id)).toEqual(NOTHING);
    expect(await seen(bob, stranger.session.id)).toEqual(NOTHING);

    // The owner's state persisted, then fresh sessions everywhere: only the owner gets it back.
    await api(alice, "DELETE", `/v1/sessions/${owner.session.id}`);
    await api(alice, "DELETE", `/v1/sessions/${sibling.session.id}`);
    await api(bob, "DELETE", `/v1/sessions/${stranger.session.id}`);
    const again = await api<Session>(alice, "POST", "/v1/sessions", { profile_id: owner.profile.id });
    const siblingAgain = await api<Session>(alice, "POST", "/v1/sessions", { profile_id: sibling.profile.id });
    const strangerAgain = await api<Session>(bob, "POST", "/v1/sessions", { profile_id: stranger.profile.id });
    expect((await seen(alice, again.id)).cookieHeader).toBe(`cookie: ${SESSION_COOKIE}=s3cret`);
    expect(await seen(alice, siblingAgain.id)).toEqual(NOTHING);
    expect(await seen(bob, strangerAgain.id)).toEqual(NOTHING);
  });

  it("does not let another account open, read or drive a profile's session", async () => {
    const { profile, session } = await open(alice, `private-${install.engine}`);
    await goto(alice, session.id, "/");
    const as = (method: string, path: string, body?: unknown) =>
      fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${bob.key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    for (const res of [
      await as("GET", `/v1/sessions/${session.id}`),
      await as("GET", `/v1/sessions/${session.id}/cookies`),
      await as("POST", `/v1/sessions/${session.id}/evaluate`, { expression: "document.cookie" }),
      await as("POST", `/v1/sessions/${session.id}/goto`, { url: `${site.url}/whoami` }),
      await as("GET", `/v1/sessions/${session.id}/screenshot`),
      await as("POST", "/v1/sessions", { profile_id: profile.id }),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await seen(alice, session.id)).cookieHeader).toBe(`cookie: ${SESSION_COOKIE}=s3cret`);
  });
});

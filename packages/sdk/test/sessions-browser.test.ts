import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEngines, driverFor } from "../../server/test/driver/engines";
import { closedPort, READ_STORAGE, SESSION_COOKIE, startSite, type TestSite } from "../../server/test/driver/site";
import { sessionApp } from "../../server/test/support/sessions";
import { EvaluationFailedError, NavigationFailedError } from "../src";
import { setup, type TestAccount } from "./support/server";

/** The SDK's browser-facing methods against a real engine (skipped without one, unless DRIFTSTACK_REQUIRE_BROWSER=1). */
describeEngines("sessions in a real browser", (install) => {
  let t: Awaited<ReturnType<typeof setup<Awaited<ReturnType<typeof sessionApp>>>>>;
  let account: TestAccount;
  let site: TestSite;
  const driver = driverFor(install);

  beforeAll(async () => {
    site = await startSite();
    t = await setup(() => sessionApp({ driver }));
    account = await t.account();
  });
  afterAll(async () => {
    await t.sessions.shutdown();
    await driver.close();
    await site.close();
  });

  it("goto, evaluate, screenshot and cookies; the state comes back in the next session", async () => {
    const ds = t.client(account);
    const profile = await ds.profiles.create({ name: "real" });
    const session = await ds.sessions.create({ profile_id: profile.id, persist: true, idle_timeout_s: 300 });

    expect(await ds.sessions.goto(session.id, { url: `${site.url}/`, timeout_ms: 15_000 })).toMatchObject({
      status: 200,
      title: "Driftstack test site",
    });
    expect(await ds.sessions.evaluate(session.id, { expression: "window.stored", timeout_ms: 15_000 })).toEqual({
      result: true,
    });
    const png = await ds.sessions.screenshot(session.id);
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(png.byteLength).toBeGreaterThan(1_000);
    const cookies = await ds.sessions.cookies.list(session.id).toArray({ max: 50 });
    expect(cookies).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, http_only: true }));

    await expect(
      ds.sessions.evaluate(session.id, { expression: "(() => { throw new Error('boom') })()", timeout_ms: 5_000 }),
    ).rejects.toBeInstanceOf(EvaluationFailedError);
    await expect(
      ds.sessions.goto(session.id, { url: `http://127.0.0.1:${await closedPort()}/`, timeout_ms: 5_000 }),
    ).rejects.toBeInstanceOf(NavigationFailedError);
    await ds.sessions.destroy(session.id);

    const reader = await ds.sessions.create({ profile_id: profile.id, persist: false, idle_timeout_s: 60 });
    await ds.sessions.goto(reader.id, { url: `${site.url}/blank`, timeout_ms: 15_000 });
    const { result } = await ds.sessions.evaluate(reader.id, { expression: READ_STORAGE, timeout_ms: 15_000 });
    expect(result).toMatchObject({ local: "kept", record: { n: 1, from: "home" } });
    await ds.sessions.destroy(reader.id);
  }, 60_000);
});

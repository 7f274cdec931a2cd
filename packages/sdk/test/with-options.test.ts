import { beforeEach, describe, expect, it } from "vitest";
import { recording, setup, type TestAccount } from "./support/server";

describe("withOptions()", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let account: TestAccount;
  beforeEach(async () => {
    t = await setup();
    account = await t.account();
  });

  it("returns a client with the overrides, sharing the fetch, and leaves the original as it was", async () => {
    const wire = recording(t.appFetch);
    const ds = t.client(account, { fetch: wire.fetch, defaultHeaders: { "X-Trace": "base" } });
    const other = ds.withOptions({ account: "acct_other", headers: { "X-Extra": "1" } });
    expect(other).not.toBe(ds);
    await other.account.me().catch(() => {});
    await ds.account.me();
    const [viaOther, viaOriginal] = wire.requests;
    expect(viaOther?.headers.get("x-driftstack-account")).toBe("acct_other");
    expect(viaOther?.headers.get("x-trace")).toBe("base");
    expect(viaOther?.headers.get("x-extra")).toBe("1");
    expect(viaOther?.headers.get("authorization")).toBe(`Bearer ${account.key}`);
    expect(viaOriginal?.headers.get("x-driftstack-account")).toBeNull();
    expect(viaOriginal?.headers.get("x-extra")).toBeNull();
  });

  it("maxRetries and timeoutMs apply to the new client only", async () => {
    let attempts = 0;
    const fetch = async () => {
      attempts++;
      return new Response("", { status: 503, headers: { "Retry-After": "0" } });
    };
    const ds = t.client(account, { fetch, maxRetries: 2 });
    await ds
      .withOptions({ maxRetries: 0 })
      .account.me()
      .catch(() => {});
    expect(attempts).toBe(1);
    attempts = 0;
    await ds.account.me().catch(() => {});
    expect(attempts).toBe(3);

    const hanging = () => new Promise<Response>(() => {});
    const slow = t.client(account, { fetch: hanging, maxRetries: 0, timeoutMs: 60_000 });
    const error = await slow
      .withOptions({ timeoutMs: 20 })
      .account.me()
      .catch((e) => e);
    expect(error.message).toMatch(/timed out after 20 ms/);
  });

  it("acts on the member account through the real server", async () => {
    const owner = await t.account("team_manual");
    const ds = t.client(account);
    await t.member(owner, account, "admin");
    expect((await ds.account.me()).id).toBe(account.id);
    const asTeam = await ds.withOptions({ account: owner.id }).account.me();
    expect(asTeam.id).toBe(owner.id);
  });
});

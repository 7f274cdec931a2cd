import { describe, expect, it } from "vitest";
import { planMock } from "../src/options";

// What `createDriftstackMock(options)` settles on before it creates anything.
describe("the mock's plan", () => {
  it("with no options: one api_builder account on localhost:8787, no latency, the system clock", () => {
    const plan = planMock({});
    expect(plan.baseUrls).toEqual(["http://localhost:8787"]);
    expect(plan.accounts).toEqual([
      { handle: "default", name: "Mock account", tier: "api_builder", profileCap: null, keys: [], members: {} },
    ]);
    expect(plan.latencyMs).toBe(0);
    expect(plan.seed).toBeUndefined();
    const before = Date.now();
    expect(plan.clock.now()).toBeGreaterThanOrEqual(before);
    expect(plan.clock.now()).toBeLessThanOrEqual(Date.now());
  });

  it("puts the default account first, names others by handle, keeps their settings", () => {
    const plan = planMock({
      tier: "enterprise",
      accounts: {
        team: { tier: "team_manual", keys: ["read"], members: { default: "admin" } },
        default: { name: "Me", profileCap: 12 },
      },
    });
    expect(plan.accounts).toEqual([
      { handle: "default", name: "Me", tier: "enterprise", profileCap: 12, keys: [], members: {} },
      {
        handle: "team",
        name: "team",
        tier: "team_manual",
        profileCap: null,
        keys: ["read"],
        members: { default: "admin" },
      },
    ]);
  });

  it("keeps the other accounts in the order given, after the default account", () => {
    const plan = planMock({ accounts: { zeta: {}, alpha: {}, default: {}, mid: {} } });
    expect(plan.accounts.map((a) => a.handle)).toEqual(["default", "zeta", "alpha", "mid"]);
  });

  it("takes extra admin keys as well as read keys", () => {
    expect(planMock({ accounts: { a: { keys: ["admin", "read"] } } }).accounts[1]?.keys).toEqual(["admin", "read"]);
  });

  it("takes the same tier twice, but not two tiers for the default account", () => {
    expect(planMock({ tier: "solo_manual", accounts: { default: { tier: "solo_manual" } } }).accounts[0]?.tier).toBe(
      "solo_manual",
    );
    expect(() => planMock({ tier: "solo_manual", accounts: { default: { tier: "api_scale" } } })).toThrow(
      "Set the default account's tier once",
    );
  });

  it.each([
    [{ accounts: { a: { tier: "gold" } } }, 'Account "a": unknown tier "gold"; one of trial_pack,'],
    [{ accounts: { a: { keys: ["write"] } } }, 'Account "a": unknown key scope "write".'],
    [{ accounts: { a: { members: { default: "owner" } } } }, 'Account "a": member "default" has unknown role "owner".'],
    [{ accounts: { a: { members: { b: "member" } } } }, 'Account "a" lists "b", which is not configured.'],
    [{ accounts: { a: { members: { a: "member" } } } }, 'Account "a" cannot be a member of itself.'],
    [{ latencyMs: -1 }, "`latencyMs` must be a number of milliseconds, 0 or more."],
    [{ latencyMs: Number.NaN }, "`latencyMs` must be a number of milliseconds, 0 or more."],
    [{ baseUrl: [] }, "`baseUrl` needs at least one URL."],
    [{ baseUrl: "http://api.test/v?x=1" }, "Base URL http://api.test/v?x=1 must not have a query or fragment."],
    [{ baseUrl: "http://api.test/v#top" }, "Base URL http://api.test/v#top must not have a query or fragment."],
    [{ clock: Number.NaN }, "`clock` must be a valid instant."],
    [{ clock: new Date("not a date") }, "`clock` must be a valid instant."],
  ])("refuses %j", (options, message) => {
    expect(() => planMock(options as Parameters<typeof planMock>[0])).toThrow(message);
  });

  it("keeps each base URL's path without trailing slashes, and its origin as the URL parser spells it", () => {
    expect(
      planMock({ baseUrl: ["HTTP://API.test:80/v1//", "https://x.test/", "https://y.test/a/b/"] }).baseUrls,
    ).toEqual(["http://api.test/v1", "https://x.test", "https://y.test/a/b"]);
  });

  it("fixes the clock at a number or a Date, and uses a given clock as is", () => {
    expect(planMock({ clock: 1_000 }).clock.now()).toBe(1_000);
    expect(planMock({ clock: new Date(2_000) }).clock.now()).toBe(2_000);
    const clock = { now: () => 3_000 };
    expect(planMock({ clock }).clock).toBe(clock);
    expect(planMock({ latencyMs: 0 }).latencyMs).toBe(0);
    expect(planMock({ latencyMs: 25 }).latencyMs).toBe(25);
  });
});

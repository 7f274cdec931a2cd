import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeDriver } from "../../src/driver/fake";
import { type BrowserContextHandle, type BrowserDriver, DriverError } from "../../src/driver/types";
import { fakeDriverWith } from "../support/fake-driver-with";
import { eventually, newProfile, ok, type Session, type SessionApp, sessionApp } from "../support/sessions";

/** The loop is not what these tests are about: it never beats during them. */
const service = { heartbeatMs: 60_000 };

/** The fake driver, with `open` replaced (its contexts are the fake's own otherwise). */
function driverOpening(open: BrowserDriver["open"]): BrowserDriver {
  const fake = createFakeDriver();
  return { engine: fake.engine, nativeEngine: fake.nativeEngine, close: () => fake.close(), open };
}

/** The fake driver, each context's calls replaced by `calls` where given. */
function driverFailing(calls: Partial<BrowserContextHandle>): BrowserDriver {
  return fakeDriverWith(() => calls);
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes the database's next write fail, after its work when `after` (so that it rolls back). */
function failNextWrite(t: SessionApp, after: boolean): void {
  // The 500 it causes is logged; the log is not what these tests check.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  const write = t.db.write.bind(t.db);
  t.db.write = <T>(fn: Parameters<typeof write<T>>[0]) => {
    t.db.write = write;
    if (!after) return Promise.reject(new Error("disk full"));
    return write(async (tx) => {
      await fn(tx);
      throw new Error("disk full");
    });
  };
}

describe("a browser that cannot be used", () => {
  it("answers 503 BrowserUnavailable with x-should-retry: false when there is no engine", async () => {
    const t = await sessionApp({ driver: null });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const res = await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id });
    expect(res.status).toBe(503);
    expect(res.headers.get("x-should-retry")).toBe("false");
  });

  it("answers 503 naming the driver's reason when the context fails to open, and fails the session", async () => {
    const t = await sessionApp({
      service,
      driver: driverOpening(async () => {
        throw new DriverError("unavailable", "the browser process exited");
      }),
    });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const res = await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      code: "BrowserUnavailable",
      detail: "No browser engine is available on this server. the browser process exited",
    });
    const list = await ok<{ data: Session[] }>(t.call(owner, "GET", "/v1/sessions"));
    expect(list.data).toMatchObject([{ status: "failed", end_reason: "browser_error" }]);
  });

  it("fails a queued session whose context fails to open once it is promoted, and frees the slot", async () => {
    let opens = 0;
    const fake = createFakeDriver();
    const t = await sessionApp({
      service,
      driver: driverOpening(async (options) => {
        opens++;
        if (opens === 2) throw new DriverError("unavailable", "the browser process exited");
        return fake.open(options);
      }),
    });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const first = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const queued = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect(queued.status).toBe("queued");
    // No request waits on the promoted session's open: only the server itself can fail it.
    await ok(t.call(owner, "DELETE", `/v1/sessions/${first.id}`));
    const promoted = await eventually(
      () => ok<Session>(t.call(owner, "GET", `/v1/sessions/${queued.id}`)),
      (s) => s.status === "failed",
    );
    expect(promoted).toMatchObject({ status: "failed", end_reason: "browser_error" });
    const next = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect(next.status).toBe("active");
  });

  it("answers an action sent while the context is still opening with the open's failure", async () => {
    let fail: (err: Error) => void = () => undefined;
    const t = await sessionApp({
      service,
      driver: driverOpening(
        () =>
          new Promise((_, reject) => {
            fail = reject;
          }),
      ),
    });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const creating = t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id });
    const listed = await eventually(
      () => ok<{ data: Session[] }>(t.call(owner, "GET", "/v1/sessions")),
      (list) => list.data.length === 1,
      2_000,
    );
    const id = listed.data[0]?.id ?? "";
    const acting = t.call(owner, "GET", `/v1/sessions/${id}/cookies`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    fail(new DriverError("unavailable", "the browser process exited"));
    const never = new Promise<string>((resolve) => setTimeout(() => resolve("no answer within 3 s"), 3_000));
    const answer = await Promise.race([acting.then((res) => res.status), never]);
    expect(answer).toBe(503);
    expect((await creating).status).toBe(503);
  });

  it("closes the context and fails the create when what it restored cannot be recorded", async () => {
    let t: SessionApp | undefined;
    const closed: string[] = [];
    const fake = createFakeDriver();
    t = await sessionApp({
      service,
      driver: driverOpening(async (input) => {
        const handle = await fake.open(input);
        if (t) failNextWrite(t, false);
        return {
          ...handle,
          close: async () => {
            closed.push("closed");
            await handle.close();
          },
        };
      }),
    });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    expect((await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id })).status).toBe(500);
    expect(closed).toEqual(["closed"]);
  });

  it("gives the slot back when the create's write fails after taking it", async () => {
    const t = await sessionApp({ service: { ...service, maxActive: 1 } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    failNextWrite(t, true);
    expect((await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id })).status).toBe(500);
    expect((await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id })).status).toBe(200);
  });
});

describe("a profile whose archetype this server does not know", () => {
  it("answers 500 and logs which archetype it is", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    // As a newer server that knows more archetypes may have written it.
    await t.db.client.execute({
      sql: "UPDATE profiles SET archetype = ? WHERE id = ?",
      args: ["phone-of-2031", profile.id],
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect((await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id })).status).toBe(500);
    expect(logged.mock.calls.map(([, err]) => (err as Error).message)).toEqual(["unknown archetype phone-of-2031"]);
  });
});

describe("driver failures during actions", () => {
  it("map to the problem of each kind, with the driver's message", async () => {
    const t = await sessionApp({
      service,
      driver: driverFailing({
        goto: async () => {
          throw new DriverError("navigation", "net::ERR_NAME_NOT_RESOLVED");
        },
        evaluate: async () => {
          throw new DriverError("not_serializable", "a function");
        },
        cookies: async () => {
          throw new DriverError("closed", "the context is gone");
        },
      }),
    });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const goto = await t.call(owner, "POST", `/v1/sessions/${s.id}/goto`, { url: "https://example.org/" });
    expect([goto.status, await goto.json()]).toMatchObject([
      422,
      { code: "NavigationFailed", detail: "net::ERR_NAME_NOT_RESOLVED" },
    ]);
    const evaluate = await t.call(owner, "POST", `/v1/sessions/${s.id}/evaluate`, { expression: "() => 1" });
    expect([evaluate.status, await evaluate.json()]).toMatchObject([
      400,
      {
        code: "ValidationFailed",
        errors: [{ path: "expression", message: "the result is not JSON data: a function" }],
      },
    ]);
    const cookies = await t.call(owner, "GET", `/v1/sessions/${s.id}/cookies`);
    expect([cookies.status, await cookies.json()]).toMatchObject([
      409,
      { code: "Conflict", detail: "The session's browser closed: the context is gone" },
    ]);
  });
});

import { ConflictError, GoneError, SessionLimitError, ValidationFailedError } from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, rejection } from "./support/contract";
import { callOf, fixture } from "./support/operations";

const ACTIONS = ["sessionGoto", "sessionEvaluate", "sessionScreenshot", "listSessionCookies", "addSessionCookies"];

/**
 * Not checkable against these targets, so not declared (a placeholder would
 * count as a test): every target runs the fake driver in one process, so
 * evaluate cannot answer 200, goto never fails to load, 503 BrowserUnavailable
 * and the cross-server 409 cannot happen. The server's own suites cover them
 * (sessions/browser.test.ts, sessions/limits.test.ts, sessions/real-engine-servers.test.ts).
 */
console.warn(
  "session errors: evaluate 200, goto 422, 503 and the cross-server 409 are covered by packages/server's suites, not here",
);

contract("session errors", (c) => {
  it.each(ACTIONS)("%s answers 409 on a queued session", async (id) => {
    const ds = c.client();
    const ids = await fixture(ds);
    const queued = await ds.sessions.create({ profile_id: ids.profileId });
    expect(queued.status).toBe("queued");
    await rejection(callOf(id)(ds, { ...ids, sessionId: queued.id }), ConflictError);
  });

  it.each(ACTIONS)("%s answers 409 on an ended session", async (id) => {
    const ds = c.client();
    const ids = await fixture(ds);
    await ds.sessions.destroy(ids.sessionId);
    await rejection(callOf(id)(ds, ids), ConflictError);
  });

  it.each([...ACTIONS, "destroySession"])("%s answers 410 once the profile is deleted", async (id) => {
    const ds = c.client();
    const ids = await fixture(ds);
    await ds.profiles.delete(ids.profileId);
    await rejection(callOf(id)(ds, ids), GoneError);
  });

  it("refuses an empty or oversized cookie list and a cookie without a name", async () => {
    const ds = c.client();
    const { sessionId } = await fixture(ds);
    const url = "https://example.org/";
    await rejection(ds.sessions.cookies.add(sessionId, { cookies: [] }), ValidationFailedError);
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `c${i}`, value: "v", url }));
    await rejection(ds.sessions.cookies.add(sessionId, { cookies: many }), ValidationFailedError);
    await rejection(
      ds.sessions.cookies.add(sessionId, { cookies: [{ name: "", value: "v", url }] }),
      ValidationFailedError,
    );
    expect((await ds.sessions.cookies.list(sessionId)).data).toEqual([]);
  });

  it("answers 429 SessionLimit, open to a retry, once the server runs its maximum of active sessions", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "busy" });
    const opened: string[] = [];
    let limit: SessionLimitError | undefined;
    // The maximum is the operator's setting (8 by default on every target here), not part of the contract.
    while (!limit && opened.length < 100) {
      try {
        opened.push((await ds.sessions.create({ profile_id: profile.id, persist: false }, { maxRetries: 0 })).id);
      } catch (error) {
        limit = await rejection(Promise.reject(error), SessionLimitError);
      }
    }
    expect(limit).toMatchObject({ status: 429, code: "SessionLimit" });
    expect(limit?.headers.get("x-should-retry")).not.toBe("false");
    await ds.sessions.destroy(opened[0] ?? "");
    await expect(ds.sessions.create({ profile_id: profile.id, persist: false })).resolves.toMatchObject({
      status: "active",
    });
  });
});

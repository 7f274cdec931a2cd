import { describe, expect, it } from "vitest";
import { DriverError } from "../../src/driver/types";
import { fakeDriverWith } from "../support/fake-driver-with";
import { newProfile, ok, type Session, sessionApp } from "../support/sessions";

/** The loop is not what these tests are about: it never beats during them. */
const service = { heartbeatMs: 60_000 };

/** The fake driver, whose portable export fails as a dead browser's does; it counts how contexts end. */
function deadExportDriver() {
  const ends: string[] = [];
  const driver = fakeDriverWith((context) => ({
    exportState: async () => {
      throw new DriverError("closed", "Target page, context or browser has been closed");
    },
    close: async () => {
      ends.push("close");
      await context.close();
    },
    abandon: async () => {
      ends.push("abandon");
      await context.abandon();
    },
  }));
  return { driver, ends };
}

describe("a checkpoint that cannot save", () => {
  it("answers 413 naming the cap when the state is too large, and the session goes on", async () => {
    const t = await sessionApp({ service: { ...service, maxStateBytes: 100 } });
    const owner = await t.account("enterprise");
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    await ok(
      t.call(owner, "POST", `/v1/sessions/${s.id}/cookies`, {
        cookies: [{ name: "big", value: "x".repeat(200), url: "https://example.org/" }],
      }),
    );
    const res = await t.call(owner, "POST", `/v1/sessions/${s.id}/checkpoint`, {});
    expect([res.status, (await res.json()).detail]).toEqual([
      413,
      "Not saved: the browser state is larger than this tier's cap of 100 bytes. The session stays active.",
    ]);
    expect((await ok<Session>(t.call(owner, "GET", `/v1/sessions/${s.id}`))).status).toBe("active");
  });

  it("ends the session when the browser died, says so in a 409, and closes the context", async () => {
    const { driver, ends } = deadExportDriver();
    const t = await sessionApp({ service, driver });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const res = await t.call(owner, "POST", `/v1/sessions/${s.id}/checkpoint`, {});
    expect([res.status, (await res.json()).detail]).toEqual([
      409,
      `Session ${s.id} ended: the browser crashed; the last good state is kept.`,
    ]);
    expect(await ok<Session>(t.call(owner, "GET", `/v1/sessions/${s.id}`))).toMatchObject({
      status: "failed",
      end_reason: "browser_crashed",
      state_persisted_at: null,
    });
    // A dead browser's context is closed; only a page that stopped answering is given up.
    expect(ends).toEqual(["close"]);
  });
});

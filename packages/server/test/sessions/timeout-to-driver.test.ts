import { describe, expect, it } from "vitest";
import type { BrowserDriver } from "../../src/driver/types";
import { fakeDriverWith } from "../support/fake-driver-with";
import { newProfile, ok, type Session, sessionApp } from "../support/sessions";

/** What the recording driver saw: each call's name and the timeout it was given. */
type Received = { call: "goto" | "evaluate"; timeoutMs: number };

/**
 * The fake driver, recording the timeout each `goto` and `evaluate` receives;
 * its `evaluate` answers the expression back (the fake itself runs no JavaScript).
 */
function recordingDriver(received: Received[]): BrowserDriver {
  return fakeDriverWith((context) => ({
    goto(url, options) {
      received.push({ call: "goto", timeoutMs: options.timeoutMs });
      return context.goto(url, options);
    },
    async evaluate(expression, options) {
      received.push({ call: "evaluate", timeoutMs: options.timeoutMs });
      return expression;
    },
  }));
}

/** The watchdog answers the caller at `timeout_ms`; the driver gets this much longer, so the watchdog speaks first. */
const MARGIN_MS = 500;

describe("the caller's timeout_ms reaches the driver", () => {
  it.each([
    ["goto", { url: "https://example.org/" }],
    ["evaluate", { expression: "'x'" }],
  ] as const)("%s passes each caller's value on, and 30 s when none is sent", async (call, body) => {
    const received: Received[] = [];
    const t = await sessionApp({ driver: recordingDriver(received) });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "timeouts");
    const session = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const path = `/v1/sessions/${session.id}/${call}`;

    // Two different values, so a constant in the route cannot pass for both.
    await ok(t.call(owner, "POST", path, { ...body, timeout_ms: 1_234 }));
    await ok(t.call(owner, "POST", path, { ...body, timeout_ms: 45_678 }));
    await ok(t.call(owner, "POST", path, body));
    expect(received).toEqual([
      { call, timeoutMs: 1_234 + MARGIN_MS },
      { call, timeoutMs: 45_678 + MARGIN_MS },
      { call, timeoutMs: 30_000 + MARGIN_MS },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { type BrowserDriver, DriverError } from "../../src/driver/types";
import { fakeDriverWith } from "../support/fake-driver-with";
import { eventually, newProfile, ok, type Session, sessionApp } from "../support/sessions";

/**
 * After a call overruns its deadline but ends within the grace, the watchdog probes the page
 * with a trivial evaluation: any answer (even a refusal) keeps the session; a closed context,
 * or no answer within the grace, gives it up. The goto here ends 600 ms after it starts, past
 * its 200 ms deadline; `probe` is how the page then answers an evaluation.
 */
type Probe = (timeoutMs: number) => Promise<unknown>;

function lateGotoDriver(probe: Probe): BrowserDriver {
  return fakeDriverWith((context) => ({
    goto: async (url, options) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return context.goto(url, options);
    },
    evaluate: (_expression, options) => probe(options.timeoutMs),
  }));
}

/** Opens a session, lets a goto overrun its deadline, and answers the session once the watchdog is done. */
async function afterOverrun(probe: Probe) {
  const t = await sessionApp({ driver: lateGotoDriver(probe), service: { heartbeatMs: 60_000 } });
  const owner = await t.account();
  const profile = await newProfile(t, owner, "p");
  const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
  const url = "https://example.org/";
  const late = await t.call(owner, "POST", `/v1/sessions/${s.id}/goto`, { url, timeout_ms: 200 });
  expect([late.status, (await late.json()).detail]).toEqual([422, `loading ${url} took longer than 200 ms`]);
  // Queued behind the watchdog: answered once the page is known usable or given up.
  const next = await t.call(owner, "GET", `/v1/sessions/${s.id}/cookies`);
  const session = await eventually(
    () => ok<Session>(t.call(owner, "GET", `/v1/sessions/${s.id}`)),
    (x) => x.status !== "active",
    next.status === 200 ? 0 : 5_000,
  );
  return { next: next.status, session: { status: session.status, end_reason: session.end_reason } };
}

const active = { status: "active", end_reason: null };
const unresponsive = { status: "failed", end_reason: "page_unresponsive" };

describe("a page that overran its deadline but ended the call within the grace", () => {
  it("keeps the session when the probe answers", async () => {
    expect(await afterOverrun(async () => 0)).toEqual({ next: 200, session: active });
  });

  it("keeps the session when the probe is refused, as the fake driver refuses every evaluation", async () => {
    const refuse = async () => {
      throw new DriverError("unsupported", "the fake browser driver cannot run JavaScript");
    };
    expect(await afterOverrun(refuse)).toEqual({ next: 200, session: active });
  });

  it("gives the session up when the probe finds the context closed", async () => {
    const closed = async () => {
      throw new DriverError("closed", "the browser context is closed");
    };
    expect((await afterOverrun(closed)).session).toEqual(unresponsive);
  });

  it("gives the session up when the page does not answer within the grace, before the driver's own timeout", async () => {
    // A driver that keeps to the timeout it is given: its "took longer" is no answer from the page.
    const silent = (timeoutMs: number) =>
      new Promise((_, reject) => {
        setTimeout(() => reject(new DriverError("evaluation", `took longer than ${timeoutMs} ms`)), timeoutMs);
      });
    expect((await afterOverrun(silent)).session).toEqual(unresponsive);
  });
});

import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isPublicAddress } from "../../src/domain/ip-address";
import { driverFor, type RealDriver } from "../../src/driver/select";
import { type EgressProxy, type IsAllowed, startEgressProxy } from "../../src/node/egress-proxy";
import { type EgressTarget, resolveWithSystem } from "../../src/node/egress-target";
import { describeEngines } from "../driver/engines";
import type { TestAccount } from "../support/harness";
import { listen } from "../support/http";
import { eventually, type Session, sessionApp } from "../support/sessions";
import { startTrap, type Trap } from "./trap";

/**
 * The private-network guard on a real browser, through the HTTP API of a real
 * server: a loopback listener (the trap) must see no connection at all,
 * whatever the page or the API caller does. Each case also runs with the
 * guard off and with the proxy in place but allowing everything: there the
 * trap must be reached, so a pass with the guard on is the guard's doing.
 *
 * Nothing here reaches the internet. A second loopback server plays the
 * public site: the proxy is given a policy that lets its one port through,
 * and a resolver that names it `public.test`.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ARMS = ["guard on", "guard off", "allow-all proxy"] as const;

/** This machine's own name, when it resolves to an address of this machine (e.g. a hosts entry). */
async function localName(): Promise<string | null> {
  const name = hostname();
  const addresses = await lookup(name, { all: true }).catch(() => []);
  return addresses.length > 0 && addresses.every((a) => !isPublicAddress(a.address)) ? name : null;
}

describeEngines("the private-network guard", (install) => {
  let trap: Trap;
  let site: Trap;
  let ownName: string | null;

  beforeAll(async () => {
    trap = await startTrap();
    site = await startTrap("127.0.0.1");
    ownName = await localName();
    if (!ownName)
      console.warn(`the machine's name ${hostname()} does not resolve to a local address: that case is left out`);
  });
  afterAll(async () => {
    await trap?.close();
    await site?.close();
  });

  for (const arm of ARMS) {
    describe(arm, () => {
      let proxy: EgressProxy | null = null;
      let driver: RealDriver;
      let server: Awaited<ReturnType<typeof listen>>;
      let owner: TestAccount;
      let session: Session;
      /** Where the "public" site is, as the browser names it. */
      let origin: string;

      beforeAll(async () => {
        const isSite = (t: EgressTarget) => t.address === "127.0.0.1" && t.port === site.port;
        const policy: IsAllowed = arm === "guard on" ? (t) => isSite(t) || isPublicAddress(t.address) : () => true;
        if (arm !== "guard off") {
          proxy = await startEgressProxy({
            isAllowed: policy,
            resolve: (name) =>
              name === "public.test" ? Promise.resolve([{ address: "127.0.0.1", family: 4 }]) : resolveWithSystem(name),
          });
        }
        origin = arm === "guard off" ? site.url : `http://public.test:${site.port}`;
        driver = driverFor(install, process.env, { proxyUrl: proxy?.url });
        const t = await sessionApp({ driver, file: true, service: { denyPrivateNetworks: arm === "guard on" } });
        owner = await t.account("enterprise");
        server = await listen(t.app.fetch);
        const profile = await api<{ id: string }>("POST", "/v1/profiles", { name: "guarded" });
        session = await api<Session>("POST", "/v1/sessions", { profile_id: profile.id, persist: false });
      });

      afterAll(async () => {
        await server?.close();
        await driver?.close();
        await proxy?.close();
      });

      async function call(method: string, path: string, body?: unknown): Promise<Response> {
        return fetch(server.url + path, {
          method,
          headers: { authorization: `Bearer ${owner.key}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      }
      async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await call(method, path, body);
        if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      }
      const goto = (url: string) => call("POST", `/v1/sessions/${session.id}/goto`, { url });
      const evaluate = async (expression: string) => {
        const res = await call("POST", `/v1/sessions/${session.id}/evaluate`, { expression });
        expect(res.status).toBeLessThan(500);
        return res.status === 200 ? ((await res.json()) as { result: unknown }).result : null;
      };

      /** Connections and requests: a kept-alive connection carries later requests without a new connection. */
      const reached = async () => trap.connections + trap.requests.length;

      /** Resets the trap, runs `act`, then checks the trap: untouched with the guard on, reached otherwise. */
      async function expectTrap(act: () => Promise<void>) {
        await goto(`${origin}/`);
        trap.reset();
        await act();
        if (arm === "guard on") {
          // The act has finished in the page (load, error or close events); give stray retries a moment.
          await new Promise((r) => setTimeout(r, 300));
          expect(await reached()).toBe(0);
        } else {
          expect(await eventually(reached, (n) => n > 0, 5_000)).toBeGreaterThan(0);
        }
      }

      const at = (spelling: string) => spelling.replace("PORT", String(trap.port));

      it.each([
        "http://127.0.0.1:PORT/",
        "http://localhost:PORT/",
        "http://localhost.:PORT/",
        "http://[::ffff:127.0.0.1]:PORT/",
        "http://[::1]:PORT/",
        "http://0x7f000001:PORT/",
        "http://2130706433:PORT/",
        "http://0177.0.0.1:PORT/",
        "http://127.1:PORT/",
      ])("goto %s", async (spelling) => {
        await expectTrap(async () => {
          const res = await goto(at(spelling));
          expect(res.status).toBeLessThan(500);
          if (arm === "guard on") expect(res.status).toBe(400);
        });
      });

      it("goto a name that resolves to this machine (hosts entry)", async ({ skip }) => {
        if (!ownName) return skip(`${hostname()} does not resolve to an address of this machine`);
        await expectTrap(async () => {
          const res = await goto(`http://${ownName}:${trap.port}/`);
          expect(res.status).toBeLessThan(500);
          if (arm === "guard on") expect(((await res.json()) as { status: number }).status).toBe(403);
        });
      });

      it("a redirect from the public site to loopback", async () => {
        await expectTrap(async () => {
          const res = await goto(`${origin}/redirect?to=${encodeURIComponent(at("http://127.0.0.1:PORT/"))}`);
          expect(res.status).toBeLessThan(500);
        });
      });

      it("an <img> and a <script> of the public page", async () => {
        await expectTrap(async () => {
          const res = await goto(`${origin}/page?sub=${encodeURIComponent(at("http://127.0.0.1:PORT"))}`);
          expect(res.status).toBe(200);
        });
      });

      it("fetch with mode no-cors from the page", async () => {
        await expectTrap(async () => {
          const result = await evaluate(
            `fetch(${JSON.stringify(at("http://[::1]:PORT/"))}, { mode: "no-cors" }).then(() => "answered", (e) => "failed: " + e.message)`,
          );
          expect(result).toEqual(arm === "guard on" ? expect.stringMatching(/^failed|answered/) : "answered");
        });
      });

      it("a WebSocket from the page", async () => {
        await expectTrap(async () => {
          const result = await evaluate(`new Promise((resolve) => {
            const ws = new WebSocket(${JSON.stringify(at("ws://127.0.0.1:PORT/"))});
            ws.onopen = () => resolve("open");
            ws.onerror = () => resolve("error");
            setTimeout(() => resolve("timeout"), 5000);
          })`);
          expect(["open", "error"]).toContain(result);
        });
      });

      it("location.href set by evaluate", async () => {
        const target = at("http://localhost.:PORT/");
        await expectTrap(async () => {
          await evaluate(`location.href = ${JSON.stringify(target)}; true`);
          // Wait until the page has gone where it was sent (a refused load still lands there).
          await eventually(
            () => evaluate("location.href").catch(() => null),
            (href) => href === target,
            5_000,
          );
        });
      });
    });
  }
});

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { describeEngines, serveEnvFor } from "../driver/engines";
import { eventually } from "../support/sessions";
import { startTrap } from "./trap";

/**
 * The guard as `driftstack serve` wires it: DRIFTSTACK_GOTO_DENY_PRIVATE=1
 * starts the egress proxy and points the browser it selects at it. A page's
 * own request to a loopback listener must not arrive; without the variable
 * the same request does.
 */
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const root = join(import.meta.dirname, "../../../..");
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill("SIGTERM");
});

async function serve(env: Record<string, string>): Promise<{ base: string; key: string; child: ChildProcess }> {
  // Port 0: the server picks a free one and prints it, so a busy port cannot fail the test.
  const child = spawn("node", ["--import", "tsx", "packages/server/src/node/cli.ts", "serve", "--port", "0"], {
    cwd: root,
    env: { ...process.env, DRIFTSTACK_DB_URL: ":memory:", DRIFTSTACK_GOTO_DENY_PRIVATE: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const started = await new Promise<{ base: string; key: string }>((resolve, reject) => {
    let out = "";
    child.stderr?.on("data", (chunk) => {
      out += chunk;
    });
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const key = out.match(/DRIFTSTACK_API_KEY=(\S+)/)?.[1];
      const base = out.match(/listening on (http:\/\/[\d.]+:\d+)/)?.[1];
      if (key && base) resolve({ base, key });
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { ...started, child };
}

describeEngines("driftstack serve with the private-network guard", (install) => {
  for (const guard of [true, false]) {
    it(`${guard ? "keeps" : "without DRIFTSTACK_GOTO_DENY_PRIVATE lets"} a page's own requests ${guard ? "off" : "reach"} loopback`, async () => {
      const trap = await startTrap();
      try {
        const { base, key, child } = await serve({
          ...serveEnvFor(install),
          DRIFTSTACK_GOTO_DENY_PRIVATE: guard ? "1" : "",
        });
        const api = async <T>(method: string, path: string, body?: unknown) => {
          const res = await fetch(base + path, {
            method,
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          expect(res.status).toBeLessThan(300);
          return (await res.json()) as T;
        };
        const profile = await api<{ id: string }>("POST", "/v1/profiles", { name: "guarded" });
        const session = await api<{ id: string }>("POST", "/v1/sessions", { profile_id: profile.id, persist: false });
        const { result } = await api<{ result: string }>("POST", `/v1/sessions/${session.id}/evaluate`, {
          expression: `fetch("http://127.0.0.1:${trap.port}/", { mode: "no-cors" }).then(() => "answered", () => "failed")`,
        });
        // Refused, the no-cors fetch still "answers": with the proxy's opaque 403.
        expect(result).toBe("answered");
        const reached = await eventually(
          async () => trap.connections + trap.requests.length,
          (n) => n > 0,
          guard ? 500 : 5_000,
        );
        if (guard) expect(reached).toBe(0);
        else expect(reached).toBeGreaterThan(0);
        // SIGTERM still ends the server cleanly with the proxy running.
        const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      } finally {
        await trap.close();
      }
    });
  }
});

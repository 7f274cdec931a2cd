import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { describeEngines } from "../driver/engines";
import { useEngineServers } from "../support/engine-servers";
import { type ServerProcess, startServer } from "../support/server-process";
import type { Session } from "../support/sessions";

/**
 * A server's temporary engine directories (run-dir.ts) on a real browser: a
 * server stopped by SIGTERM leaves none; one killed outright leaves its own,
 * and the next server to start removes them without touching those of a
 * server still running.
 */
// Three servers on a real browser, one after another: minutes on a loaded machine.
vi.setConfig({ testTimeout: 420_000, hookTimeout: 60_000 });

const runDirOf = (server: ServerProcess) => join(tmpdir(), `driftstack-run-${server.child.pid}`);

describeEngines("a server's temporary directories", (install) => {
  const suite = useEngineServers(install, "rundirs");
  const { env, api } = suite;

  /** A live session on `server`: its data directory is in the server's run directory. */
  async function liveSession(server: ServerProcess, name: string) {
    const profile = await api<{ id: string }>(server.base, "POST", "/v1/profiles", { name });
    const session = await api<Session>(server.base, "POST", "/v1/sessions", { profile_id: profile.id });
    expect(session.status).toBe("active");
    expect(readdirSync(runDirOf(server)).some((entry) => entry.startsWith("data-"))).toBe(true);
  }

  it("are gone after SIGTERM; a killed server's are swept by the next server, a live one's kept", async () => {
    const killed = await startServer(env);
    const live = await startServer(env);
    await liveSession(killed, "killed");
    await liveSession(live, "live");

    killed.child.kill("SIGKILL");
    await killed.exited;
    expect(existsSync(runDirOf(killed))).toBe(true);

    const next = await startServer(env);
    expect(existsSync(runDirOf(killed))).toBe(false);
    expect(readdirSync(runDirOf(live)).some((entry) => entry.startsWith("data-"))).toBe(true);
    expect(existsSync(runDirOf(next))).toBe(true);

    for (const server of [live, next]) server.child.kill("SIGTERM");
    expect(await live.exited).toBe(0);
    expect(await next.exited).toBe(0);
    expect(existsSync(runDirOf(live))).toBe(false);
    expect(existsSync(runDirOf(next))).toBe(false);
  });
});

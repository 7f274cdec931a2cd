import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { killServers, startServer } from "../support/server-process";

/**
 * Whoever reads "listening on" may stop the server at once (a supervisor, a
 * test harness): the SIGTERM handler must already be there, or the signal's
 * default action kills the process without persisting anything. The window
 * was microseconds wide (the line is written off the main thread while it
 * went on to install the handler), so several servers race it at once.
 */
vi.setConfig({ testTimeout: 120_000 });
afterAll(killServers);

it("a server stopped the moment it says it listens still stops itself, with 0", async () => {
  const servers = Array.from({ length: 6 }, (_, i) =>
    startServer({
      DRIFTSTACK_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), "driftstack-stop-now-")), `${i}.db`)}`,
      DRIFTSTACK_BROWSER: "fake",
    }).then((server) => {
      server.child.kill("SIGTERM");
      return server.exited;
    }),
  );
  expect(await Promise.all(servers)).toEqual([0, 0, 0, 0, 0, 0]);
});

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabaseUrl } from "@driftstack/server/node";
import { serve } from "@hono/node-server";
import { Recorder } from "../recorder";
import type { Spec } from "../spec";
import { recordedClient } from "./client";
import { ServerApp } from "./server-app";
import type { Target, TargetFactory } from "./types";

/**
 * The app behind @hono/node-server on a random port, on a `file:` database in
 * WAL mode as a deployed server runs it (reads on the pool, not behind the
 * write queue as on `:memory:`). Each reset starts a new database file, on
 * tmpfs where there is one: the semantics are the file database's, without
 * waiting for a disk on every commit.
 */
export function httpTarget(spec: Spec): TargetFactory {
  return {
    name: "HTTP server",
    async create(): Promise<Target> {
      const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "driftstack-contract-"));
      let generation = 0;
      const server = new ServerApp(() => openDatabaseUrl(`file:${join(dir, `db-${++generation}.sqlite`)}`));
      await server.open();
      const listener = await new Promise<ReturnType<typeof serve>>((resolve) => {
        const started = serve({ fetch: server.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
      });
      const baseUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      const recorder = new Recorder(spec);
      return {
        name: this.name,
        recorder,
        account: (handle) => server.account(handle),
        makeClient: (apiKey, options) =>
          recordedClient(recorder, apiKey, options, { baseUrl, fetch: (request) => globalThis.fetch(request) }),
        reset: () => server.open(),
        async close() {
          await new Promise<void>((resolve) => {
            listener.close(() => resolve());
            (listener as { closeAllConnections?: () => void }).closeAllConnections?.();
          });
          await server.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

import { openDatabase } from "@driftstack/server";
import { createClient } from "@libsql/client";
import { Recorder } from "../recorder";
import type { Spec } from "../spec";
import { recordedClient } from "./client";
import { ServerApp } from "./server-app";
import type { Target, TargetFactory } from "./types";

/** The app's fetch handler called directly: no socket, an in-memory database. */
export function inProcessTarget(spec: Spec): TargetFactory {
  return {
    name: "in-process app",
    async create(): Promise<Target> {
      const server = new ServerApp(() => openDatabase(createClient({ url: ":memory:" }), { singleConnection: true }));
      await server.open();
      const recorder = new Recorder(spec);
      return {
        name: this.name,
        recorder,
        account: (handle) => server.account(handle),
        makeClient: (apiKey, options) => recordedClient(recorder, apiKey, options, { fetch: server.fetch }),
        reset: () => server.open(),
        close: () => server.close(),
      };
    },
  };
}

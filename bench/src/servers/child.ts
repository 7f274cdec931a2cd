import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createApp } from "@driftstack/server";
import { openDatabaseUrl } from "@driftstack/server/node";
import { serve } from "@hono/node-server";
import { createBareHandler } from "./bare-app";

/**
 * A server under load, in its own process so that autocannon (in the parent)
 * and the server each have a core. `driftstack`: the real app; `bare`: the
 * baseline. Both open the same database file. Messages from the parent:
 * "memory" (answers with process.memoryUsage()), "profile-start" and
 * `{ type: "profile-stop", path }` (a V8 CPU profile of just that window,
 * written to `path`), "exit".
 */
export type ServerKind = "driftstack" | "bare";

const [kind, url] = process.argv.slice(2) as [ServerKind, string];

async function handler(): Promise<(request: Request) => Response | Promise<Response>> {
  if (kind === "bare") return createBareHandler(url);
  const app = createApp({ db: await openDatabaseUrl(url) });
  return app.fetch;
}

const fetch = await handler();
const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.send?.({ type: "listening", port: info.port });
});

const inspector = new Session();

async function onMessage(message: string | { type: "profile-stop"; path: string }): Promise<void> {
  if (message === "memory") process.send?.({ type: "memory", usage: process.memoryUsage() });
  if (message === "exit") server.close(() => process.exit(0));
  if (message === "profile-start") {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.start");
    process.send?.({ type: "profile-started" });
  }
  if (typeof message === "object" && message.type === "profile-stop") {
    const { profile } = await inspector.post("Profiler.stop");
    writeFileSync(message.path, JSON.stringify(profile));
    inspector.disconnect();
    process.send?.({ type: "profile-written" });
  }
}

process.on("message", (message: Parameters<typeof onMessage>[0]) => {
  onMessage(message).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on("disconnect", () => process.exit(0));

import { serve as serveNode } from "@hono/node-server";
import { createApp } from "../app";
import { ensureDevAccount } from "../operator";
import { databaseUrlFromEnv, openDatabaseUrl } from "./database";

/** Serves the API until SIGTERM or SIGINT. */
export async function serve(options: { port: number; host: string }): Promise<void> {
  const { url, authToken } = databaseUrlFromEnv();
  const db = await openDatabaseUrl(url, authToken);
  const dev = await ensureDevAccount(db);
  if (dev) {
    console.log(
      `Created the dev account ${dev.account.id} (${dev.account.tier}) on an empty database.\n` +
        `Its admin API key, shown only this once:\n\n  DRIFTSTACK_API_KEY=${dev.apiKey.secret}\n`,
    );
  }
  const app = createApp({ db });
  const server = serveNode({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
    console.log(`Driftstack listening on http://${options.host}:${info.port} (database ${url})`);
  });
  const stop = () => {
    server.close(() => {
      db.close();
      process.exit(0);
    });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

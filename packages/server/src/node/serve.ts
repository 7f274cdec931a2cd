import { hostname } from "node:os";
import { createApp } from "../app";
import { selectDriver } from "../driver/select";
import { ensureDevAccount } from "../operator";
import { SessionService } from "../sessions/service";
import { databaseUrlFromEnv, openDatabaseUrl } from "./database";
import { startEgressProxy } from "./egress-proxy";
import { listen } from "./listen";

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Serves the API until SIGTERM or SIGINT, then persists and closes every
 * active session, closes the browser and exits 0. The browser's own launcher
 * leaves these signals to us (driver/playwright.ts), and runs in its own
 * process group, so a stop aimed at this process reaches the browser only
 * through this path.
 */
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
  const denyPrivateNetworks = process.env.DRIFTSTACK_GOTO_DENY_PRIVATE === "1";
  // The guard is the proxy every browser request goes through; off, browsers connect directly.
  const egress = denyPrivateNetworks ? await startEgressProxy() : null;
  const browser = selectDriver(process.env, undefined, { proxyUrl: egress?.url });
  const sessions = new SessionService({
    db,
    driver: browser.driver,
    clock: { now: () => Date.now() },
    unavailableReason: browser.reason,
    maxActive: positiveInt(process.env.DRIFTSTACK_MAX_SESSIONS) ?? 8,
    maxStateBytes: positiveInt(process.env.DRIFTSTACK_MAX_STATE_BYTES),
    denyPrivateNetworks,
    process: { host: hostname(), pid: process.pid, isAlive: processIsAlive },
  });
  await sessions.start();
  const app = createApp({ db, sessions });
  const { server, port } = await listen(app.fetch, options);
  const engine = browser.engine ? `${browser.engine} via ${browser.backend}` : `none (${browser.reason})`;
  console.log(`Driftstack listening on http://${options.host}:${port} (database ${url}, browser ${engine})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    try {
      await sessions.shutdown();
    } catch (err) {
      console.error("driftstack: shutdown", err);
      process.exitCode = 1;
    }
    await egress?.close();
    db.close();
    process.exit();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

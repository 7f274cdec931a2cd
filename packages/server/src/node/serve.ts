import type { Server } from "node:http";
import { hostname } from "node:os";
import { createApp } from "../app";
import type { SessionEvent, Telemetry } from "../domain/telemetry";
import { selectDriver } from "../driver/select";
import { ensureDevAccount, OperatorError } from "../operator";
import { SessionService } from "../sessions/service";
import { databaseUrlFromEnv, openDatabaseUrl } from "./database";
import { startEgressProxy } from "./egress-proxy";
import { listen } from "./listen";
import { createLogger, logLevelFromEnv } from "./logger";
import { Metrics } from "./metrics";
import { opsRoutes } from "./ops-routes";
import { watchParent } from "./parent-watch";
import { nodeTelemetry } from "./telemetry";

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Serves the API until SIGTERM or SIGINT (or, with `stopWithParent`, until
 * the process that started it exits), then persists and closes every
 * active session, closes the browser and exits 0. The browser's own launcher
 * leaves these signals to us (driver/playwright.ts), and runs in its own
 * process group, so a stop aimed at this process reaches the browser only
 * through this path. Logs go to stdout (see node/logger.ts).
 */
export async function serve(options: { port: number; host: string; stopWithParent?: boolean }): Promise<void> {
  const parent = process.ppid;
  const { log, flush } = createLogger({ level: logLevelFromEnv() });
  const { url, authToken } = databaseUrlFromEnv();
  const db = await openDatabaseUrl(url, authToken);
  const dev = await ensureDevAccount(db);
  if (dev) {
    // Printed, not logged: the one place the secret is shown; log lines never carry keys.
    console.log(
      `Created the dev account ${dev.account.id} (${dev.account.tier}) on an empty database.\n` +
        `Its admin API key, shown only this once:\n\n  DRIFTSTACK_API_KEY=${dev.apiKey.secret}\n`,
    );
  }
  const metrics = new Metrics(db);
  let stopping = false;
  let persistedOnStop = 0;
  const base = nodeTelemetry(log, metrics);
  const telemetry: Telemetry = {
    ...base,
    session(event: SessionEvent) {
      base.session?.(event);
      if (stopping && event.event === "session.persisted") persistedOnStop++;
    },
  };
  db.onWriteWait = (ms) => telemetry.writeWait?.(ms);
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
    telemetry,
  });
  const started = sessions.start();
  let server: Server | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: persisting active sessions");
    server?.close();
    try {
      await started;
      await sessions.shutdown();
    } catch (err) {
      log.error({ err }, "shutdown failed");
      process.exitCode = 1;
    }
    await egress?.close();
    db.close();
    log.info({ sessions_persisted: persistedOnStop }, `persisted ${persistedOnStop} sessions`);
    log.info("stopped");
    flush();
    process.exit();
  };
  // Before the "listening" line: whoever reads it may stop this server the moment it appears.
  // Kept for the whole stop: with no listener left, a repeated signal (a second Ctrl-C, a
  // supervisor that repeats SIGTERM) would kill the process by default, losing the sessions
  // still being saved. SIGKILL remains the way to stop at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) return void stop(signal);
    log.warn({ signal }, "already stopping: still saving sessions (SIGKILL stops at once and loses them)");
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  await started;
  const extraRoutes = opsRoutes({ metrics, metricsToken: process.env.DRIFTSTACK_METRICS_TOKEN || undefined });
  const app = createApp({ db, sessions, telemetry, extraRoutes });
  const listening = await listen(app.fetch, options).catch(async (err: NodeJS.ErrnoException) => {
    await sessions.shutdown();
    await egress?.close();
    db.close();
    throw portProblem(err, options) ?? err;
  });
  server = listening.server;
  if (stopping) server.close();
  const engine = browser.engine ? `${browser.engine} via ${browser.backend}` : `none (${browser.reason})`;
  const address = `http://${options.host}:${listening.port}`;
  log.info(
    { address, database: displayUrl(url), engine: browser.engine ?? null, backend: browser.backend ?? null },
    `Driftstack listening on ${address} (database ${displayUrl(url)}, browser ${engine})`,
  );
  // `pnpm start` passes this: pnpm exits on SIGTERM without passing it on, which would orphan this server.
  if (options.stopWithParent) watchParent(parent, () => void stop("parent exited"));
}

/** One line an operator can act on for a port this server cannot have. */
function portProblem(err: NodeJS.ErrnoException, options: { port: number; host: string }): OperatorError | undefined {
  if (err.code === "EADDRINUSE") {
    return new OperatorError(
      `port ${options.port} on ${options.host} is already in use; set PORT (or --port) to a free port.`,
    );
  }
  if (err.code === "EACCES") {
    return new OperatorError(
      `port ${options.port} on ${options.host} needs privileges; set PORT (or --port) above 1023.`,
    );
  }
  return undefined;
}

/** The database URL without credentials, for the log. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "file:") return url;
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return url;
  }
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

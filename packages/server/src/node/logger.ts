import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { OperatorError } from "../operator";

export type { Logger };

export const LOG_LEVELS = ["debug", "info", "warn", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `DRIFTSTACK_LOG_LEVEL`, `info` when unset; anything else is refused before the server starts. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const level = env.DRIFTSTACK_LOG_LEVEL || "info";
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new OperatorError(`DRIFTSTACK_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${level}".`);
  }
  return level as LogLevel;
}

/**
 * The server's logger: one JSON object a line, or human-readable lines when
 * stdout is a terminal. `destination` is for tests. Returns `flush`, called
 * before the process exits so the last lines ("stopped") are not lost.
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): {
  log: Logger;
  flush: () => void;
} {
  const base = { level: options.level, base: undefined, messageKey: "msg" };
  if (options.destination) return { log: pino(base, options.destination), flush: () => undefined };
  if (process.stdout.isTTY) {
    return { log: pino(base, pretty({ sync: true, translateTime: "SYS:HH:MM:ss.l" })), flush: () => undefined };
  }
  const stdout = pino.destination({ dest: 1, sync: false });
  return {
    log: pino(base, stdout),
    flush: () => {
      try {
        stdout.flushSync();
      } catch {
        // Nothing written yet, or stdout is gone: nothing left to save.
      }
    },
  };
}

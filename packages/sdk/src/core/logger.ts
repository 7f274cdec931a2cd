import { DriftstackError } from "./errors";

/** From quietest to most verbose; each level includes the ones before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Anything with these four methods, e.g. `console`, pino or winston. */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

export const DEFAULT_LOG_LEVEL: LogLevel = "warn";

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(RANK, value);
}

/**
 * The client's level: the option, else `DRIFTSTACK_LOG`, else `warn`. A bad
 * option throws (it is a bug in the caller's code); a bad environment value is
 * reported and ignored, since an operator's typo must not stop an app.
 */
export function resolveLogLevel(option: unknown, fromEnv: string | undefined, logger: Logger): LogLevel {
  if (option !== undefined) {
    if (isLogLevel(option)) return option;
    throw new DriftstackError(`logLevel must be one of ${Object.keys(RANK).join(", ")}, got ${String(option)}.`);
  }
  if (fromEnv === undefined) return DEFAULT_LOG_LEVEL;
  const level = fromEnv.toLowerCase();
  if (isLogLevel(level)) return level;
  logger.warn(`DRIFTSTACK_LOG=${fromEnv} is not one of ${Object.keys(RANK).join(", ")}; using ${DEFAULT_LOG_LEVEL}.`);
  return DEFAULT_LOG_LEVEL;
}

/**
 * A logger that drops what is below its level. `enabled()` lets the transport
 * skip building a message (and timing an attempt) nobody will read, which
 * keeps the default per-call cost at a comparison.
 */
export class LevelLogger {
  readonly level: LogLevel;
  readonly #rank: number;
  readonly #logger: Logger;

  constructor(level: LogLevel, logger: Logger) {
    this.level = level;
    this.#rank = RANK[level];
    this.#logger = logger;
  }

  enabled(level: Exclude<LogLevel, "off">): boolean {
    return RANK[level] <= this.#rank;
  }

  log(level: Exclude<LogLevel, "off">, message: string, details: Record<string, unknown>): void {
    if (this.enabled(level)) this.#logger[level](`[driftstack] ${message}`, details);
  }
}

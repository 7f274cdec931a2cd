/**
 * What the server reports about itself, as events. The app core only emits
 * them; the Node edge (node/telemetry.ts) turns them into log lines and
 * metrics. Nothing here names a logging or metrics library, so the mock and
 * tests, which pass no telemetry, stay quiet and pull neither in.
 */
export interface RequestEvent {
  requestId: string;
  method: string;
  /** The matched route's pattern (`/v1/profiles/:id`), never the raw path with its ids. */
  route: string;
  status: number;
  durationMs: number;
  /** The account acted on, once the key was accepted. */
  accountId?: string;
  /** The Driftstack SDK that sent it (`js/0.1.0`), from its `User-Agent`; absent for any other client. */
  sdk?: string;
  /** What a 500 was thrown from. */
  error?: Error;
}

export type SessionEvent =
  | { event: "session.created"; sessionId: string; profileId: string; status: "queued" | "active" }
  | { event: "session.active"; sessionId: string; engine: string }
  | { event: "session.persisted"; sessionId: string; engine: string; bytes: number }
  | { event: "session.ended"; sessionId: string; engine: string; status: "closed" | "failed"; reason: string };

export interface Telemetry {
  request?(event: RequestEvent): void;
  session?(event: SessionEvent): void;
  /** How long a write waited for the writes queued ahead of it. */
  writeWait?(ms: number): void;
}

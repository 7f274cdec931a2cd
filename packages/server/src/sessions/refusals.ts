import { ProblemError } from "../domain/problem";
import type { SessionRow } from "../store/sessions";
import type { LiveSession } from "./live-session";

// The 409s and 429s a session request can get, apart from the service that sends them.

/** Refuses (409) an action on a session that is not active on this server. */
export function assertServedHere(row: SessionRow, runnerId: string): void {
  if (row.status === "queued") {
    throw new ProblemError(
      "Conflict",
      `Session ${row.id} is queued behind the profile's active writer; it starts by itself.`,
    );
  }
  if (row.status !== "active") throw ended(row);
  if (row.runnerId !== runnerId) {
    throw new ProblemError(
      "Conflict",
      `Session ${row.id} is served by another server process; send its requests there.`,
    );
  }
}

/** Refuses (409) a checkpoint of a read-only session. */
export function readOnly(id: string): ProblemError {
  return new ProblemError(
    "Conflict",
    `Session ${id} is read-only (persist: false): it never writes state back, so it cannot checkpoint.`,
  );
}

export function sessionLimit(max: number): ProblemError {
  return new ProblemError("SessionLimit", `This server already runs ${max} active sessions; retry shortly.`, {
    headers: { "Retry-After": "1" },
  });
}

export function pageTooSlow(id: string, ms: number): ProblemError {
  return new ProblemError("Conflict", `The page of session ${id} did not answer within ${ms} ms.`);
}

export function endedWhileRunning(id: string): ProblemError {
  return new ProblemError("Conflict", `Session ${id} ended while this action ran.`);
}

export function ended(row: SessionRow): ProblemError {
  return new ProblemError(
    "Conflict",
    `Session ${row.id} has ended (${row.status}${row.endReason ? `: ${row.endReason}` : ""}).`,
  );
}

/**
 * Refuses (409) an action on a session whose ending has begun here: the row the request
 * read still says active, so the outcome comes from the ending itself.
 */
export function endedHere(live: LiveSession): ProblemError {
  if (!live.outcome) return new ProblemError("Conflict", `Session ${live.row.id} is ending: its state is being saved.`);
  return ended({ ...live.row, status: live.outcome.status, endReason: live.outcome.reason });
}

import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ProblemError, validationFailed } from "../domain/problem";
import { sha256Hex } from "../domain/secrets";
import { claimKey, releaseKey, storeResponse } from "../store/idempotency";
import { UnitOfWork } from "../store/unit-of-work";

export const IDEMPOTENCY_KEY_MAX = 255;

/** Response headers a replay repeats besides the body. */
const REPLAYED_HEADERS = ["content-type", "x-should-retry"];

/**
 * `Idempotency-Key` on POSTs (and PUTs: a state import), scoped to the account acted on: the first
 * request claims the key, its response (anything but a 5xx) is stored, and a
 * repeat with the same method, path and body replays it with
 * `Idempotent-Replayed: true`. Another request under the same key is 422; a
 * repeat while the first still runs is 409. An answer that invites a retry
 * (a 5xx, or a 429 other than TierLimit) undoes the request's writes and frees
 * the key, so the retry runs.
 *
 * The handler's writes go through a unit of work that commits together with
 * the stored response: a crash (even `kill -9`) leaves either both or
 * neither, so a retry never applies a request twice. Every POST route gets
 * this by writing through `c.var.deps.db`, which is the unit here.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header("idempotency-key");
  if ((c.req.method !== "POST" && c.req.method !== "PUT") || key === undefined) return next();
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX) {
    throw validationFailed([{ path: "Idempotency-Key", message: `must be 1-${IDEMPOTENCY_KEY_MAX} characters` }]);
  }

  const { db, clock } = c.var.deps;
  const accountId = c.var.caller.account.id;
  const url = new URL(c.req.url);
  const fingerprint = await sha256Hex(`${c.req.method} ${url.pathname}${url.search}\n${await c.req.text()}`);
  const runnerId = c.var.deps.sessions.runnerId;
  const claim = await db.write((tx) => claimKey(tx, { accountId, key, fingerprint, now: clock.now(), runnerId }));

  switch (claim.kind) {
    case "reused":
      throw new ProblemError(
        "IdempotencyKeyReused",
        "This Idempotency-Key was already used with a different request; use a new key for a new request.",
      );
    case "in_flight":
      throw new ProblemError(
        "Conflict",
        "A request with this Idempotency-Key is still in progress; retry once it has finished.",
      );
    case "replay":
      return new Response(claim.body || null, {
        status: claim.status,
        headers: { ...claim.headers, "Idempotent-Replayed": "true", "X-Request-Id": c.var.requestId },
      });
  }

  const unit = new UnitOfWork(db);
  c.set("deps", { ...c.var.deps, db: unit });
  const release = async () => {
    await unit.rollback();
    await db.write((tx) => releaseKey(tx, { accountId, key }));
  };
  try {
    await next();
  } catch (err) {
    await release();
    throw err;
  }
  const res = c.res;
  if (invitesRetry(res)) return release();
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const body = await res.clone().text();
  try {
    await unit.commit((tx) => storeResponse(tx, { accountId, key, status: res.status, body, headers }));
  } catch (err) {
    await db.write((tx) => releaseKey(tx, { accountId, key }));
    throw err;
  }
});

/** A 5xx, or a 429 that may pass later (every 429 but TierLimit, which says `x-should-retry: false`). */
function invitesRetry(res: Response): boolean {
  return res.status >= 500 || (res.status === 429 && res.headers.get("x-should-retry") !== "false");
}

import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../context";
import { ProblemError, validationFailed } from "../domain/problem";
import { sha256Hex } from "../domain/secrets";
import {
  type Claim,
  claimKey,
  type KeyClaim,
  readKey,
  recordAnswer,
  releaseKey,
  type StoredAnswer,
  storeResponse,
  sweepExpiredKeys,
} from "../store/idempotency";
import { UnitOfWork } from "../store/unit-of-work";
import { routePattern } from "./request-telemetry";

export const IDEMPOTENCY_KEY_MAX = 255;

/**
 * The routes whose handler does all its work in the database: the key's row
 * is written with the answer in the transaction of the handler's writes, so
 * claim, mutation, audit entry and stored response are one commit. The other
 * routes (sessions: a browser starts or acts between writes) commit the
 * claim first, so the write slot is not held while a browser works and a
 * repeat meanwhile is 409.
 *
 * A claim committed only with its answer is invisible to others until then,
 * so this process also remembers the keys its requests on these routes hold:
 * a repeat reaching the same server while the first runs is still 409 (422
 * with another body), as the contract says. A repeat on another server
 * sharing the database waits at its first write for the first's commit, and
 * answers with its replay.
 */
export const ONE_TRANSACTION_ROUTES: ReadonlySet<string> = new Set([
  "POST /v1/profiles",
  "POST /v1/profiles/:id/clone",
  "POST /v1/profiles/:id/snapshots",
  "POST /v1/profile-snapshots/:id/restore",
  "PUT /v1/profiles/:id/state",
]);

/**
 * Per database this process serves: fingerprints of the keys its open
 * one-transaction claims hold (by account and key), and when expired keys
 * are next swept. Kept per database so apps sharing a process (tests, an
 * embedded server) never answer for each other's keys.
 */
interface KeyBook {
  openClaims: Map<string, string>;
  nextSweepAt: number;
}
const books = new WeakMap<object, KeyBook>();

function bookOf(db: object): KeyBook {
  const known = books.get(db);
  if (known) return known;
  const book: KeyBook = { openClaims: new Map(), nextSweepAt: 0 };
  books.set(db, book);
  return book;
}

/** Expired keys are deleted at most this often per database; a claim ignores them meanwhile. */
const SWEEP_EVERY_MS = 60_000;

type Refusal = Exclude<Claim, { kind: "claimed" }>;

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
 * Handlers writing through `c.var.deps.db` (the unit here) commit their
 * writes with the stored response: a crash (even `kill -9`) leaves both or
 * neither, so a retry never applies them twice. Session routes write through
 * the session service instead (a browser works between their writes), so a
 * process dying between a session's start and its stored answer leaves the
 * key in flight until that process is known gone; a retry then runs again.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header("idempotency-key");
  if ((c.req.method !== "POST" && c.req.method !== "PUT") || key === undefined) return next();
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX) {
    throw validationFailed([{ path: "Idempotency-Key", message: `must be 1-${IDEMPOTENCY_KEY_MAX} characters` }]);
  }

  const { clock, db } = c.var.deps;
  const book = bookOf(db);
  const accountId = c.var.caller.account.id;
  const url = new URL(c.req.url);
  const fingerprint = await sha256Hex(`${c.req.method} ${url.pathname}${url.search}\n${await c.req.text()}`);
  const runnerId = c.var.deps.sessions.runnerId;
  const now = clock.now();
  if (now >= book.nextSweepAt) {
    // In a short write of its own: a table-wide delete has no place in a request's transaction.
    book.nextSweepAt = now + SWEEP_EVERY_MS;
    await db.write((tx) => sweepExpiredKeys(tx, now));
  }
  const claim: KeyClaim = { accountId, key, fingerprint, now, runnerId };

  const oneTransaction = isOneTransactionRoute(c);
  if (!oneTransaction) return runClaimed(c, next, { claim, oneTransaction });
  const held = `${accountId}\n${key}`;
  const heldFingerprint = book.openClaims.get(held);
  if (heldFingerprint !== undefined) {
    return refuse({ kind: heldFingerprint === fingerprint ? "in_flight" : "reused" }, c.var.requestId);
  }
  book.openClaims.set(held, fingerprint);
  try {
    return await runClaimed(c, next, { claim, oneTransaction });
  } finally {
    book.openClaims.delete(held);
  }
});

interface ClaimPlan {
  claim: KeyClaim;
  oneTransaction: boolean;
}

/**
 * Claims the key, runs the handler in the request's unit of work and stores its answer with it.
 * On a one-transaction route the key is claimed last, in one statement: its row is written once,
 * with the answer, in the transaction the handler's first write opened (or one of its own, for a
 * handler that wrote nothing), so the write slot is not held while the handler validates and
 * reads. If a live row holds the key by then (a repeat, or the same request answered on another
 * server meanwhile), the handler's writes are undone and that row answers. A repeat thus runs the
 * handler once more, to be undone: reading the key first cost every new key a read, about as
 * much as the write (the read connection's pages are stale after each commit).
 */
async function runClaimed(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  { claim, oneTransaction }: ClaimPlan,
): Promise<Response | undefined> {
  const { db } = c.var.deps;
  const { accountId, key } = claim;
  if (!oneTransaction) {
    const verdict = await db.write((tx) => claimKey(tx, claim));
    if (verdict.kind !== "claimed") return refuse(verdict, c.var.requestId);
  }
  const unit = new UnitOfWork(db);
  c.set("deps", { ...c.var.deps, db: unit });
  // Undone with the unit when the claim is in it; committed on its own otherwise.
  const freeKey = () => (oneTransaction ? undefined : db.write((tx) => releaseKey(tx, { accountId, key })));
  try {
    await next();
  } catch (err) {
    await unit.rollback();
    await freeKey();
    throw err;
  }
  const res = c.res;
  if (invitesRetry(res)) {
    await unit.rollback();
    await freeKey();
    // A repeat on a one-transaction route runs its handler too: that run failing must not hide
    // the stored answer (a retry after a 5xx would miss the replay it is owed).
    const stored = oneTransaction ? await readKey(db.rows, claim) : undefined;
    if (stored && stored.kind !== "claimed") return answerRefusal(c, stored);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  // Read once and sent again from these bytes: a clone would tee the body and send it as a stream.
  const bytes = new Uint8Array(await res.arrayBuffer());
  const body = new TextDecoder().decode(bytes);
  const answered: StoredAnswer = { status: res.status, body, headers };
  let refusal: Refusal | undefined;
  try {
    await unit.commit(async (tx) => {
      if (!oneTransaction) return storeResponse(tx, { accountId, key, ...answered });
      const verdict = await recordAnswer(tx, claim, answered);
      if (verdict.kind !== "claimed") {
        refusal = verdict;
        throw new KeyNotOurs();
      }
    });
  } catch (err) {
    if (refusal) return answerRefusal(c, refusal);
    await freeKey();
    throw err;
  }
  answer(c, new Response(bytes.byteLength > 0 ? bytes : null, { status: res.status, headers: res.headers }));
  return undefined;
}

/** Thrown in a one-transaction request's last step when the key is not its own: undoes its writes. */
class KeyNotOurs extends Error {
  constructor() {
    super("the Idempotency-Key is not this request's to run");
  }
}

/**
 * Makes `res` the request's answer after the handler has answered: Hono
 * would merge the handler's headers (a `Location`, say) into a replacement,
 * so the old answer is dropped first.
 */
function answer(c: Context<AppEnv>, res: Response): void {
  c.res = undefined;
  c.res = res;
}

/** The refusal as the answer after the handler ran (its own answer dropped, even when the refusal is thrown as a problem). */
function answerRefusal(c: Context<AppEnv>, refusal: Refusal): undefined {
  c.res = undefined;
  answer(c, refuse(refusal, c.var.requestId));
  return undefined;
}

function isOneTransactionRoute(c: Context<AppEnv>): boolean {
  return ONE_TRANSACTION_ROUTES.has(`${c.req.method} ${routePattern(c.req.method, matchedRoutes(c))}`);
}

/** The answer to a key that is not this request's to run. */
function refuse(claim: Refusal, requestId: string): Response {
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
        headers: { ...claim.headers, "Idempotent-Replayed": "true", "X-Request-Id": requestId },
      });
  }
}

/** A 5xx, or a 429 that may pass later (every 429 but TierLimit, which says `x-should-retry: false`). */
function invitesRetry(res: Response): boolean {
  return res.status >= 500 || (res.status === 429 && res.headers.get("x-should-retry") !== "false");
}

import { sql } from "drizzle-orm";
import type { Executor } from "./executor";

/** One queued write: its work, and where its outcome goes once its batch has committed (or failed). */
interface Waiting {
  work: (tx: Executor) => Promise<unknown>;
  queuedAt: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** `lost`: the failure took the whole transaction with it (no savepoint left to roll back to). */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; lost?: true };

/** How many queued writes one commit takes at most: bounds how long the last of them waits for its answer. */
export const MAX_BATCH = 64;

/** At most how many event-loop turns a batch waits for more writes to join it. */
const GATHER_TURNS = 16;
/** A batch starts once this many turns in a row have brought no write. */
const QUIET_TURNS = 2;

/**
 * Group commit. Every write runs in a `BEGIN IMMEDIATE` transaction, and on a
 * file each commit waits for the disk (`synchronous = FULL`): one write at a
 * time means one disk flush per write. Writes that queue up while one runs
 * are taken together: each runs in a savepoint of one transaction, in arrival
 * order, and sees the ones before it exactly as it would have after their
 * commits. A write that throws is rolled back to its savepoint alone. Nothing
 * is answered before the one commit: a write's result (or its error, which
 * may rest on the writes before it) is released only once the batch is
 * durable, and if the commit fails, every write in it fails with it.
 *
 * If a failure leaves no transaction open (SQLite rolls the whole transaction
 * back on some errors, such as a full disk), the writes that ran before it
 * were undone with it and fail with that error; those not yet run go on in the
 * next batch.
 */
export class GroupCommit {
  readonly #waiting: Waiting[] = [];
  #draining = false;

  /**
   * @param runBatch runs one batch: opens the transaction, calls `body` in it, commits (through the
   *   database's own queue, so batches never overlap).
   * @param onStart told how long each write waited before its own work started.
   */
  constructor(
    private readonly runBatch: <T>(body: (tx: Executor) => Promise<T>) => Promise<T>,
    private readonly onStart: () => ((waitedMs: number) => void) | undefined,
  ) {}

  run<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ work, queuedAt: performance.now(), resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#waiting.length > 0) {
      let batch: Waiting[] = [];
      try {
        if (this.#waiting.length < MAX_BATCH) await this.#gather();
        batch = this.#waiting.splice(0, MAX_BATCH);
        await this.#runOne(batch);
      } catch (error) {
        // Not a write's own failure (its outcome carries that): never leave a batch unanswered.
        for (const write of batch) write.reject(error);
      }
    }
    this.#draining = false;
  }

  /**
   * libSQL's local client runs statements synchronously, so a whole transaction
   * can run without the event loop turning, and requests on their sockets reach
   * their writes only when it turns (a request's body, a hash, each takes a
   * turn of its own). Before a batch starts, the loop turns until two turns in
   * a row bring no write (16 at most): the writes of requests already under
   * way join this batch rather than each wait for a commit of its own. A lone
   * write waits two turns of an idle loop.
   */
  async #gather(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < GATHER_TURNS && quiet < QUIET_TURNS; turn++) {
      const before = this.#waiting.length;
      await nextTurn();
      quiet = this.#waiting.length === before ? quiet + 1 : 0;
    }
  }

  /** Tells the metric how long `write` waited, up to the moment its own work starts. */
  #started(write: Waiting): void {
    try {
      this.onStart()?.(performance.now() - write.queuedAt);
    } catch {
      // a metric must not fail a write
    }
  }

  async #runOne(batch: Waiting[]): Promise<void> {
    const [only] = batch;
    if (batch.length === 1 && only) {
      // Alone: its own transaction, without a savepoint.
      await this.runBatch((tx) => {
        this.#started(only);
        return only.work(tx);
      }).then(only.resolve, only.reject);
      return;
    }
    const outcomes: Outcome[] = [];
    let unrun: Waiting[] = [];
    let lost: unknown;
    try {
      await this.runBatch(async (tx) => {
        for (const [index, write] of batch.entries()) {
          this.#started(write);
          const outcome = await inSavepoint(tx, write.work);
          outcomes.push(outcome);
          if (!outcome.ok && outcome.lost) {
            unrun = batch.slice(index + 1);
            lost = outcome.error;
            throw outcome.error;
          }
        }
      });
    } catch (error) {
      // Nothing of the batch was kept, so every write that ran fails with the batch, even one
      // that failed on its own: its refusal (a name taken, a cap reached) may rest on writes
      // before it that were never kept. The writes not yet run go on in the next batch.
      const cause = lost ?? error;
      for (const write of batch.slice(0, batch.length - unrun.length)) write.reject(cause);
      this.#waiting.unshift(...unrun);
      return;
    }
    for (const [index, write] of batch.entries()) {
      const outcome = outcomes[index] as Outcome;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    }
  }
}

/** The next turn of the event loop: `setImmediate` on Node; elsewhere (a worker with a remote database), a timer. */
const nextTurn = (): Promise<void> =>
  new Promise((next) =>
    typeof globalThis.setImmediate === "function" ? globalThis.setImmediate(next) : setTimeout(next, 0),
  );

/** Runs `work` in a savepoint: released on success, rolled back alone on failure. */
async function inSavepoint(tx: Executor, work: (tx: Executor) => Promise<unknown>): Promise<Outcome> {
  await tx.run(sql.raw("savepoint group_commit_unit"));
  try {
    const value = await work(tx);
    await tx.run(sql.raw("release savepoint group_commit_unit"));
    return { ok: true, value };
  } catch (error) {
    try {
      await tx.run(sql.raw("rollback to savepoint group_commit_unit"));
      await tx.run(sql.raw("release savepoint group_commit_unit"));
    } catch {
      return { ok: false, error, lost: true };
    }
    return { ok: false, error };
  }
}

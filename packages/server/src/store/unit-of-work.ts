import { SerialQueue } from "../domain/serial-queue";
import type { DatabaseHandle, Executor, RawRows } from "./database";
import { executorRawRows } from "./raw-rows";

/** One step of work in the unit's transaction. */
type Step = (tx: Executor) => Promise<void>;

/** Thrown into the held transaction to undo it. */
class RolledBack extends Error {}

/**
 * The writes of one request as a single transaction. It opens at the
 * request's first write (or at `commit`, for a request that wrote nothing),
 * runs its opening step first (the idempotency middleware claims the key
 * there), and stays open, holding the database's write slot, until `commit`
 * runs a last step in it (the stored response) or `rollback` undoes it. Each
 * `write` is a savepoint, so a write that throws is undone alone, as it would
 * be on its own transaction. Reads see the unit's own uncommitted writes once
 * it is open; before that they read the database as any request does.
 *
 * Opening late keeps the slot free while the handler validates and reads:
 * with group commit, a unit open in a batch holds every write queued behind it.
 *
 * A handler that writes through a unit must not also write through the
 * `Database` itself: that write would wait for the slot the unit holds.
 */
export class UnitOfWork implements DatabaseHandle {
  readonly #db: DatabaseHandle;
  readonly #opening: Step;
  readonly #queue = new SerialQueue();
  #tx: Promise<Executor> | undefined;
  #finish: ((last: Step | null) => void) | undefined;
  #done: Promise<void> | undefined;
  /** The opening step succeeded: the transaction is the unit's to commit or undo. */
  #opened = false;

  /** @param opening runs first in the unit's transaction; if it throws, the unit never opens and every write fails with its error. */
  constructor(db: DatabaseHandle, opening: Step = async () => {}) {
    this.#db = db;
    this.#opening = opening;
  }

  read<T>(fn: (q: Executor) => Promise<T>): Promise<T> {
    const tx = this.#tx;
    return tx ? this.#queue.run(async () => fn(await tx)) : this.#db.read(fn);
  }

  rows: RawRows = (sql, args) => {
    const tx = this.#tx;
    return tx ? this.#queue.run(async () => executorRawRows(await tx, sql, args)) : this.#db.rows(sql, args);
  };

  write<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    const tx = this.#open();
    return this.#queue.run(async () => (await tx).transaction((savepoint) => fn(savepoint)));
  }

  /** Runs `last` in the unit and commits everything; without a write so far, the opening step and `last` run in a transaction of their own. */
  async commit(last: Step): Promise<void> {
    if (!this.#tx) {
      return this.#db.write(async (tx) => {
        await this.#opening(tx);
        await last(tx);
      });
    }
    await this.#queue.run(async () => {
      await this.#tx;
      this.#finish?.(last);
      await this.#done;
    });
  }

  /** Undoes every write of the unit. */
  async rollback(): Promise<void> {
    if (!this.#tx) return;
    await this.#queue.run(async () => {
      await this.#tx?.catch(() => undefined);
      this.#finish?.(null);
      await this.#done?.catch((err: unknown) => {
        // A failed opening step is the caller's to report (it already failed the writes).
        if (this.#opened && !(err instanceof RolledBack)) throw err;
      });
    });
  }

  #open(): Promise<Executor> {
    this.#tx ??= new Promise<Executor>((opened, failed) => {
      this.#done = this.#db.write(async (tx) => {
        await this.#opening(tx);
        this.#opened = true;
        return new Promise<void>((committed, undone) => {
          this.#finish = (last) => {
            if (last === null) undone(new RolledBack("rolled back"));
            else last(tx).then(committed, undone);
          };
          opened(tx);
        });
      });
      this.#done.catch(failed);
    });
    return this.#tx;
  }
}

import { SerialQueue } from "../domain/serial-queue";
import type { DatabaseHandle, Executor, RawRows } from "./database";
import { executorRawRows } from "./raw-rows";

/** One step of work in the unit's transaction. */
type Step = (tx: Executor) => Promise<void>;

/** Thrown into the held transaction to undo it. */
class RolledBack extends Error {}

/**
 * The writes of one request as a single transaction. It opens at the
 * request's first write and stays open, holding the database's write slot,
 * until `commit` runs a last step in it (the idempotency middleware stores the
 * response there) or `rollback` undoes it. Writes after the first are each a
 * savepoint, so a write that throws is undone alone, as it would be on its
 * own transaction. Reads see the unit's own uncommitted writes once it is
 * open; before that they read the database as any request does.
 *
 * Opening at the first write, not when the request starts, keeps the slot
 * free while the handler validates and reads: with group commit, a unit open
 * in a batch holds every write queued behind it.
 *
 * A handler that writes through a unit must not also write through the
 * `Database` itself: that write would wait for the slot the unit holds.
 */
export class UnitOfWork implements DatabaseHandle {
  readonly #db: DatabaseHandle;
  readonly #queue = new SerialQueue();
  #tx: Promise<Executor> | undefined;
  #finish: ((last: Step | null) => void) | undefined;
  #done: Promise<void> | undefined;
  /** Writes run in the open transaction so far. */
  #writes = 0;

  constructor(db: DatabaseHandle) {
    this.#db = db;
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
    this.#open();
    return this.#queue.run(async () => {
      const tx = await this.#open();
      if (this.#writes++ > 0) return tx.transaction((savepoint) => fn(savepoint));
      // The first write needs no savepoint (two statements fewer per request): if it throws,
      // nothing before it is the unit's to keep, so the whole transaction is undone instead
      // and the unit's next step opens a new one.
      try {
        return await fn(tx);
      } catch (err) {
        await this.#discard();
        throw err;
      }
    });
  }

  /** Runs `last` in the unit and commits everything; without a write so far, `last` runs in a transaction of its own. */
  async commit(last: Step): Promise<void> {
    await this.#queue.run(async () => {
      if (!this.#tx) return this.#db.write(last);
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
        if (!(err instanceof RolledBack)) throw err;
      });
    });
  }

  /** Undoes the open transaction and forgets it. */
  async #discard(): Promise<void> {
    this.#finish?.(null);
    await this.#done?.catch(() => undefined);
    this.#tx = undefined;
    this.#done = undefined;
    this.#finish = undefined;
    this.#writes = 0;
  }

  #open(): Promise<Executor> {
    this.#tx ??= new Promise<Executor>((opened, failed) => {
      this.#done = this.#db.write(
        (tx) =>
          new Promise<void>((committed, undone) => {
            this.#finish = (last) => {
              if (last === null) undone(new RolledBack("rolled back"));
              else last(tx).then(committed, undone);
            };
            opened(tx);
          }),
      );
      this.#done.catch(failed);
    });
    return this.#tx;
  }
}

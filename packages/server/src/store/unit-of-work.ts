import { SerialQueue } from "../domain/serial-queue";
import type { DatabaseHandle, Executor, RawRows } from "./database";
import { executorRawRows } from "./raw-rows";

/** Thrown into the held transaction to undo it. */
class RolledBack extends Error {}

/**
 * The writes of one request as a single transaction. It opens at the
 * request's first write and stays open, holding the database's write slot,
 * until `commit` runs a last step in it (the idempotency middleware stores the
 * response there) or `rollback` undoes it. Each `write` is a savepoint, so a
 * write that throws is undone alone, as it would be on its own transaction.
 * Reads see the unit's own uncommitted writes once it is open.
 *
 * A handler that writes through a unit must not also write through the
 * `Database` itself: that write would wait for the slot the unit holds.
 */
export class UnitOfWork implements DatabaseHandle {
  readonly #db: DatabaseHandle;
  readonly #queue = new SerialQueue();
  #tx: Promise<Executor> | undefined;
  #finish: ((last: ((tx: Executor) => Promise<void>) | null) => void) | undefined;
  #done: Promise<void> | undefined;

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
    const tx = this.#open();
    return this.#queue.run(async () => (await tx).transaction((savepoint) => fn(savepoint)));
  }

  /**
   * Runs `fn` as the unit's first step, in its transaction without a
   * savepoint of its own: if it throws, the caller rolls the unit back.
   */
  begin<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    const tx = this.#open();
    return this.#queue.run(async () => fn(await tx));
  }

  /** Runs `last` in the unit and commits everything; without a write so far, `last` runs in a transaction of its own. */
  async commit(last: (tx: Executor) => Promise<void>): Promise<void> {
    if (!this.#tx) return this.#db.write(last);
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
        if (!(err instanceof RolledBack)) throw err;
      });
    });
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

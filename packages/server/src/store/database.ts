import type { Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { InProcessRevocations, type RevocationSignal, uncheckedRevocations } from "../domain/revocation-signal";
import { SerialQueue } from "../domain/serial-queue";
import type { DatabaseHandle, Executor, RawRows } from "./executor";
import { GroupCommit } from "./group-commit";
import { applyMigrations } from "./migrate";
import { clientRawRows } from "./raw-rows";
import * as schema from "./schema";

export type { DatabaseHandle, Executor, RawRows };

/**
 * The server's handle on libSQL. Writes run one at a time in this process, in
 * `BEGIN IMMEDIATE` transactions (those queued behind a running one share the
 * next transaction, each in a savepoint: group commit), so a check and the
 * write that depends on it (the tier cap, name uniqueness) are one atomic step
 * here and across processes sharing the file (they wait on SQLite's lock, see `timeout` in
 * `openDatabase`). Reads run straight on the pool, except on a single-connection
 * database (`:memory:`), where an open transaction holds the only connection.
 */
export class Database implements DatabaseHandle {
  /** @internal Drizzle's types stay out of the published `.d.ts` (see tsup.config.ts). */
  readonly orm: Executor;
  readonly #client: Client;
  readonly #queue = new SerialQueue();
  readonly #writes = new GroupCommit(
    (body) => this.#queue.run(() => this.orm.transaction((tx) => body(tx))),
    () => this.onWriteWait,
  );
  readonly #readsWaitForWrites: boolean;
  readonly #rawRows: RawRows;
  readonly #closeRawRows: (() => void) | undefined;
  /** How servers sharing this database hear of a revoked API key (http/auth.ts). */
  readonly revocations: RevocationSignal;
  /** Told how long each write waited behind the ones queued ahead of it (the Node server's metrics). */
  onWriteWait?: (ms: number) => void;

  constructor(client: Client, options: DatabaseOptions) {
    this.#client = client;
    this.orm = drizzle(client, { schema });
    this.#readsWaitForWrites = options.singleConnection;
    this.#rawRows = options.rawRows?.rows ?? clientRawRows(client);
    this.#closeRawRows = options.rawRows?.close;
    // A single-connection database belongs to this process alone; any other may be shared.
    this.revocations =
      options.revocations ?? (options.singleConnection ? new InProcessRevocations() : uncheckedRevocations);
  }

  /** @internal */
  read<T>(fn: (q: Executor) => Promise<T>): Promise<T> {
    return this.#readsWaitForWrites ? this.#queue.run(() => fn(this.orm)) : fn(this.orm);
  }

  /** @internal */
  rows: RawRows = (sql, args) =>
    this.#readsWaitForWrites ? this.#queue.run(() => this.#rawRows(sql, args)) : this.#rawRows(sql, args);

  /**
   * @internal On a database that commits to a disk, writes queued behind a running one are committed
   * together (store/group-commit.ts); a single-connection database (`:memory:`, the mock's, also in
   * browsers) has no flush to share, so each write runs alone.
   */
  write<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    if (!this.#readsWaitForWrites) return this.#writes.run(fn);
    const report = this.onWriteWait;
    const queuedAt = performance.now();
    return this.#queue.run(() => {
      report?.(performance.now() - queuedAt);
      return this.orm.transaction((tx) => fn(tx));
    });
  }

  /** Runs on the raw client, for migrations and pragmas. */
  get client(): Client {
    return this.#client;
  }

  close(): void {
    this.#closeRawRows?.();
    this.#client.close();
  }
}

export interface DatabaseOptions {
  singleConnection: boolean;
  /** Default: in process for a single connection, else none (every request checks its key by id). */
  revocations?: RevocationSignal;
  /**
   * Raw reads on a connection of their own (the Node server's, for a file: see
   * node/raw-rows.ts); default: through the client. It must see every commit of
   * the client before the commit's answer leaves, as a second connection to the same WAL file does.
   */
  rawRows?: { rows: RawRows; close(): void };
}

/** Wraps a libSQL client (file, memory or remote) and brings its schema up to date. */
export async function openDatabase(client: Client, options: DatabaseOptions): Promise<Database> {
  const db = new Database(client, options);
  await applyMigrations(db);
  return db;
}

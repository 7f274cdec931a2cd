import type { Client, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";

/**
 * An in-memory database from `@libsql/client-wasm` (SQLite compiled to WebAssembly), the only
 * libSQL client with a local database in browsers. Imported on demand, so the Node entry never
 * loads it and a page that uses the mock fetches the WebAssembly when the mock is created.
 */
export async function openWasmMemoryClient(): Promise<Client> {
  const { createClient } = await import("@libsql/client-wasm");
  return keepOneConnection(createClient({ url: ":memory:" }));
}

const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  deferred: "BEGIN DEFERRED",
  read: "BEGIN DEFERRED",
};

/**
 * `@libsql/client-wasm` 0.18 hands its connection to each transaction and opens a new one for
 * the next call; on `:memory:` the new connection is a new, empty database, so everything
 * committed in the transaction seems lost. This runs transactions on the client's one
 * connection instead. That is safe here because the server's `Database`, opened with
 * `singleConnection: true`, runs writes one at a time and holds reads back behind them.
 */
export function keepOneConnection(client: Client): Client {
  return new Proxy(client, {
    get(target, property) {
      if (property === "transaction") {
        return (mode: TransactionMode = "write") => transactionOn(target, mode);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function transactionOn(client: Client, mode: TransactionMode): Promise<Transaction> {
  await client.execute(BEGIN[mode]);
  let open = true;
  const end = async (statement: string) => {
    if (!open) return;
    open = false;
    await client.execute(statement);
  };
  const execute = (stmt: InStatement): Promise<ResultSet> => {
    if (!open) throw new Error("The transaction is closed.");
    return client.execute(stmt);
  };
  return {
    execute,
    async batch(stmts) {
      const results: ResultSet[] = [];
      for (const stmt of stmts) results.push(await execute(stmt));
      return results;
    },
    // The wasm client's executeMultiple rolls back any open transaction when it finishes.
    async executeMultiple() {
      throw new Error("executeMultiple is not supported inside a transaction of the mock's wasm database.");
    },
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
    close() {
      void end("ROLLBACK");
    },
    get closed() {
      return !open;
    },
  };
}

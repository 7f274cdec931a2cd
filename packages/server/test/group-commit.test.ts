import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient, type TransactionMode } from "@libsql/client";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabaseUrl } from "../src/node/database";
import type { Database, Executor } from "../src/store/database";
import { testApp } from "./support/harness";
import { listen } from "./support/http";

/** A gate a write can wait on, opened by the test. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

const settledSoon = async (promise: Promise<unknown>): Promise<boolean> => {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  return settled;
};

describe("group commit: writes queued behind a running one share its successor's transaction", () => {
  let db: Database;
  let other: Client;
  let transactions: number;
  let failCommitOf: number | undefined;

  beforeEach(async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "driftstack-group-")), "test.db")}`;
    db = await openDatabaseUrl(url);
    await db.client.execute("CREATE TABLE notes (text TEXT NOT NULL)");
    // Another connection, as another process sharing the file would read it.
    other = createClient({ url });
    transactions = 0;
    failCommitOf = undefined;
    const begin = db.client.transaction.bind(db.client);
    db.client.transaction = async (mode?: TransactionMode) => {
      const tx = await begin(mode);
      const number = ++transactions;
      if (number === failCommitOf) {
        const commit = tx.commit.bind(tx);
        tx.commit = async () => {
          await tx.rollback();
          await commit().catch(() => undefined);
          throw new Error("disk gone");
        };
      }
      return tx;
    };
  });

  afterEach(() => {
    other.close();
    db.close();
  });

  const note = (text: string) => async (tx: Executor) => {
    await tx.run(sql`INSERT INTO notes (text) VALUES (${text})`);
    return text;
  };
  /** A first write that holds the write slot until `held.open()`: what queues meanwhile forms one batch. */
  const firstHoldingTheSlot = async () => {
    const held = gate();
    const started = gate();
    const first = db.write(async (tx) => {
      started.open();
      await held.wait;
      return note("first")(tx);
    });
    await started.wait;
    return { first, held };
  };
  const committedNotes = async () =>
    (await other.execute("SELECT text FROM notes ORDER BY rowid")).rows.map((r) => r.text);

  it("commits the writes that queued while one ran in one transaction, in arrival order, each answered with its own result", async () => {
    const { first, held } = await firstHoldingTheSlot();
    const queued = ["a", "b", "c", "d"].map((text) => db.write(note(text)));
    held.open();
    expect(await Promise.all([first, ...queued])).toEqual(["first", "a", "b", "c", "d"]);
    expect(transactions).toBe(2);
    expect(await committedNotes()).toEqual(["first", "a", "b", "c", "d"]);
  });

  it("undoes a write that throws alone: the others in its batch commit", async () => {
    const { first, held } = await firstHoldingTheSlot();
    const a = db.write(note("a"));
    const failing = db.write(async (tx) => {
      await note("b")(tx);
      throw new Error("name taken");
    });
    const c = db.write(note("c"));
    held.open();
    await expect(failing).rejects.toThrow("name taken");
    expect(await Promise.all([first, a, c])).toEqual(["first", "a", "c"]);
    expect(transactions).toBe(2);
    expect(await committedNotes()).toEqual(["first", "a", "c"]);
  });

  it("answers no write of a batch before the batch has committed, errors included", async () => {
    const held = gate();
    const slow = gate();
    const first = db.write(async (tx) => {
      await held.wait;
      return note("first")(tx);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const quick = db.write(note("quick"));
    const refused = db.write(async () => {
      throw new Error("over the cap");
    });
    const last = db.write(async (tx) => {
      await slow.wait;
      return note("last")(tx);
    });
    held.open();
    expect(await first).toBe("first");
    expect(await settledSoon(quick)).toBe(false);
    expect(await settledSoon(refused)).toBe(false);
    expect(await committedNotes()).toEqual(["first"]);
    slow.open();
    // Once a write is answered, another connection sees it.
    const seenOnAnswer = quick.then(committedNotes);
    await expect(refused).rejects.toThrow("over the cap");
    expect(await last).toBe("last");
    expect(await seenOnAnswer).toEqual(["first", "quick", "last"]);
  });

  it("fails every write of a batch whose commit fails, refusals included, with the commit's error, and keeps none of them", async () => {
    const { first, held } = await firstHoldingTheSlot();
    failCommitOf = 2;
    const a = db.write(note("a"));
    const refused = db.write(async () => {
      throw new Error("over the cap");
    });
    const b = db.write(note("b"));
    held.open();
    expect(await first).toBe("first");
    await expect(a).rejects.toThrow("disk gone");
    // Its refusal may rest on writes before it that were never kept: it fails with the batch.
    await expect(refused).rejects.toThrow("disk gone");
    await expect(b).rejects.toThrow("disk gone");
    expect(await committedNotes()).toEqual(["first"]);
    // The next write starts a transaction of its own and commits.
    expect(await db.write(note("after"))).toBe("after");
    expect(await committedNotes()).toEqual(["first", "after"]);
  });

  it("when a failure ends the whole transaction, fails the writes before it and runs the ones after it in the next batch", async () => {
    const { first, held } = await firstHoldingTheSlot();
    const before = db.write(note("before"));
    const breaking = db.write(async (tx) => {
      // As SQLite does on some errors (a full disk): the whole transaction is rolled back.
      await tx.run(sql`ROLLBACK`);
      throw new Error("database or disk is full");
    });
    const after = db.write(note("after"));
    held.open();
    expect(await first).toBe("first");
    await expect(before).rejects.toThrow("database or disk is full");
    await expect(breaking).rejects.toThrow("database or disk is full");
    expect(await after).toBe("after");
    expect(await committedNotes()).toEqual(["first", "after"]);
  });

  /** Counts turns of the event loop (`setImmediate` callbacks) until `stop` is called. */
  const turnCounter = () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    return {
      turns: () => turns,
      stop: () => {
        counting = false;
      },
    };
  };

  it("starts a lone write after two turns of an idle event loop", async () => {
    const counter = turnCounter();
    let startedAfter = -1;
    await db.write(async (tx) => {
      startedAfter = counter.turns();
      return note("alone")(tx);
    });
    counter.stop();
    expect(startedAfter).toBe(2);
  });

  it("goes idle once its queue is empty: no transaction opens without a write", async () => {
    await db.write(note("only"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transactions).toBe(1);
  });

  it("lets writes arriving one per turn join the gathering batch for at most 16 turns", async () => {
    const writes: Promise<string>[] = [];
    await new Promise<void>((streamed) => {
      const arrive = () => {
        writes.push(db.write(note(`w${writes.length}`)));
        if (writes.length < 40) setImmediate(arrive);
        else streamed();
      };
      arrive();
    });
    await Promise.all(writes);
    expect((await committedNotes()).length).toBe(40);
    // 40 turns of writes: gathering stops at 16 turns, so they take a few batches, neither one nor one per write.
    expect(transactions).toBeGreaterThanOrEqual(2);
    expect(transactions).toBeLessThanOrEqual(5);
  });

  it("gathers on timers where the runtime has no setImmediate (a worker on a remote database)", async () => {
    const setImmediateOfNode = globalThis.setImmediate;
    Reflect.deleteProperty(globalThis, "setImmediate");
    try {
      expect(await Promise.all([db.write(note("a")), db.write(note("b"))])).toEqual(["a", "b"]);
    } finally {
      globalThis.setImmediate = setImmediateOfNode;
    }
    expect(await committedNotes()).toEqual(["a", "b"]);
  });

  it("tells the write-wait metric how long each write waited, and a metric that throws fails no write", async () => {
    const waits: number[] = [];
    db.onWriteWait = (ms) => waits.push(ms);
    const before = performance.now();
    const { first, held } = await firstHoldingTheSlot();
    const queued = [db.write(note("a")), db.write(note("b"))];
    held.open();
    await Promise.all([first, ...queued]);
    const elapsed = performance.now() - before;
    expect(waits).toHaveLength(3);
    for (const ms of waits) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(elapsed);
    }
    db.onWriteWait = () => {
      throw new Error("metric broken");
    };
    expect(await db.write(note("still written"))).toBe("still written");
  });

  it("runs a write that finds nothing queued in a transaction of its own, without a savepoint", async () => {
    const statements: string[] = [];
    const execute = db.client.execute.bind(db.client);
    const begin = db.client.transaction.bind(db.client);
    db.client.transaction = async (mode?: TransactionMode) => {
      const tx = await begin(mode);
      const run = tx.execute.bind(tx);
      tx.execute = (stmt) => {
        statements.push(typeof stmt === "string" ? stmt : stmt.sql);
        return run(stmt);
      };
      return tx;
    };
    expect(await db.write(note("alone"))).toBe("alone");
    expect(statements.some((s) => s.toLowerCase().includes("savepoint"))).toBe(false);
    expect((await execute("SELECT count(*) AS n FROM notes")).rows[0]?.n).toBe(1);
  });
});

describe("group commit over HTTP", () => {
  it("commits creates that arrive together on their sockets in shared transactions, each answered with its own profile", async () => {
    const t = await testApp({ file: true });
    const owner = await t.account("enterprise");
    let transactions = 0;
    const begin = t.db.client.transaction.bind(t.db.client);
    t.db.client.transaction = async (mode?: TransactionMode) => {
      transactions++;
      return begin(mode);
    };
    const server = await listen(t.app.fetch);
    try {
      const creates = 20;
      const answers = await Promise.all(
        Array.from({ length: creates }, async (_, n) => {
          const res = await fetch(`${server.url}/v1/profiles`, {
            method: "POST",
            headers: { authorization: `Bearer ${owner.key}`, "content-type": "application/json" },
            body: JSON.stringify({ name: `together-${n}` }),
          });
          return { status: res.status, name: ((await res.json()) as { name: string }).name };
        }),
      );
      expect(answers).toEqual(Array.from({ length: creates }, (_, n) => ({ status: 200, name: `together-${n}` })));
      // Each request reaches its write in an event-loop turn of its own: without gathering, 20 commits.
      expect(transactions).toBeLessThanOrEqual(creates / 2);
    } finally {
      await server.close();
      t.db.close();
    }
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabaseUrl } from "../src/node/database";
import type { Database, Executor } from "../src/store/database";
import { UnitOfWork } from "../src/store/unit-of-work";

let db: Database;

async function fileDatabase(): Promise<Database> {
  db = await openDatabaseUrl(`file:${join(mkdtempSync(join(tmpdir(), "driftstack-unit-")), "test.db")}`);
  await db.client.execute("CREATE TABLE notes (text TEXT NOT NULL)");
  return db;
}

afterEach(() => db?.close());

const insert = (text: string) => async (tx: Executor) => {
  await tx.run(`INSERT INTO notes (text) VALUES ('${text}')`);
};
const notes = async () => (await db.client.execute("SELECT text FROM notes ORDER BY rowid")).rows.map((r) => r.text);

describe("UnitOfWork", () => {
  it("takes the write slot only at its first write: before it, other writes commit and reads see them", async () => {
    await fileDatabase();
    const unit = new UnitOfWork(db);
    await db.write(insert("outside"));
    expect(await unit.read(async (q) => (await q.all<{ text: string }>("SELECT text FROM notes")).length)).toBe(1);
    await db.write(insert("outside again")); // would wait for good if the unit held the slot
    await unit.write(insert("inside"));
    await unit.commit(insert("last"));
    expect(await notes()).toEqual(["outside", "outside again", "inside", "last"]);
  });

  it("without a write, commits the last step in a transaction of its own, or nothing if it throws", async () => {
    await fileDatabase();
    await new UnitOfWork(db).commit(insert("last"));
    expect(await notes()).toEqual(["last"]);
    await expect(
      new UnitOfWork(db).commit(async (tx) => {
        await insert("half")(tx);
        throw new Error("no answer");
      }),
    ).rejects.toThrow("no answer");
    expect(await notes()).toEqual(["last"]);
  });

  it("undoes a throwing first write with the whole transaction; the next write opens a new one", async () => {
    await fileDatabase();
    const unit = new UnitOfWork(db);
    await expect(
      unit.write(async (tx) => {
        await insert("undone")(tx);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await notes()).toEqual([]);
    await db.write(insert("between")); // the write slot is free again
    await unit.write(insert("second"));
    await unit.commit(insert("last"));
    expect(await notes()).toEqual(["between", "second", "last"]);
  });

  it("undoes a throwing later write alone, and everything on rollback", async () => {
    await fileDatabase();
    const unit = new UnitOfWork(db);
    await unit.write(insert("kept until rollback"));
    await expect(
      unit.write(async (tx) => {
        await insert("undone")(tx);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    const seen = await unit.read(async (q) =>
      (await q.all<{ text: string }>("SELECT text FROM notes")).map((r) => r.text),
    );
    expect(seen).toEqual(["kept until rollback"]);
    await unit.rollback();
    expect(await notes()).toEqual([]);
    // The slot is free again (a rollback that left the transaction open would hold this write for
    // good) and the undone writes stay undone once the next write commits.
    await db.write(insert("after"));
    expect(await notes()).toEqual(["after"]);
  });

  it("rolls back nothing, and holds nothing, when it never wrote", async () => {
    await fileDatabase();
    const unit = new UnitOfWork(db);
    await unit.rollback();
    await db.write(insert("after"));
    expect(await notes()).toEqual(["after"]);
  });

  it("a failing last step undoes the unit's writes", async () => {
    await fileDatabase();
    const unit = new UnitOfWork(db);
    await unit.write(insert("written"));
    await expect(
      unit.commit(async () => {
        throw new Error("key not ours");
      }),
    ).rejects.toThrow("key not ours");
    expect(await notes()).toEqual([]);
  });
});

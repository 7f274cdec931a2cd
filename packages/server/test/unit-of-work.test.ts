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
    const steps: string[] = [];
    const unit = new UnitOfWork(db, async () => {
      steps.push("opening");
    });
    await db.write(insert("outside"));
    expect(await unit.read(async (q) => (await q.all<{ text: string }>("SELECT text FROM notes")).length)).toBe(1);
    expect(steps).toEqual([]);
    await unit.write(insert("inside"));
    expect(steps).toEqual(["opening"]);
    await unit.commit(insert("last"));
    expect(await notes()).toEqual(["outside", "inside", "last"]);
  });

  it("fails every write with the opening step's error, writes nothing, and rolls back without throwing", async () => {
    await fileDatabase();
    const refused = new Error("not ours");
    const unit = new UnitOfWork(db, async (tx) => {
      await insert("opening")(tx);
      throw refused;
    });
    await expect(unit.write(insert("first"))).rejects.toBe(refused);
    await expect(unit.write(insert("second"))).rejects.toBe(refused);
    await unit.rollback();
    expect(await notes()).toEqual([]);
    await db.write(insert("after")); // the slot is free again
    expect(await notes()).toEqual(["after"]);
  });

  it("without a write, commits the opening step and the last one in one transaction", async () => {
    await fileDatabase();
    const unit = new UnitOfWork(db, insert("opening"));
    await unit.commit(insert("last"));
    expect(await notes()).toEqual(["opening", "last"]);
    const failing = new UnitOfWork(db, insert("opening again"));
    await expect(
      failing.commit(async () => {
        throw new Error("no answer");
      }),
    ).rejects.toThrow("no answer");
    expect(await notes()).toEqual(["opening", "last"]);
  });

  it("undoes a throwing write alone, and everything on rollback", async () => {
    await fileDatabase();
    const unit = new UnitOfWork(db);
    await unit.write(insert("kept until rollback"));
    await expect(
      unit.write(async (tx) => {
        await insert("undone")(tx);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(
      await unit.read(async (q) => (await q.all<{ text: string }>("SELECT text FROM notes")).map((r) => r.text)),
    ).toEqual(["kept until rollback"]);
    await unit.rollback();
    expect(await notes()).toEqual([]);
  });
});

import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/store/database";
import { executorRun } from "../src/store/raw-rows";

/** The database wrapper's edges (store/database.ts, store/raw-rows.ts) that no route shows. */
const memory = () => openDatabase(createClient({ url: ":memory:" }), { singleConnection: true });

describe("a single-connection database", () => {
  it("tells the write-wait metric how long each write waited, once per write", async () => {
    const db = await memory();
    const waits: number[] = [];
    db.onWriteWait = (ms) => waits.push(ms);
    const before = performance.now();
    await db.write(async (tx) => executorRun(tx, "CREATE TABLE notes (text TEXT)", []));
    const elapsed = performance.now() - before;
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThanOrEqual(elapsed);
  });

  it("refuses statements once closed", async () => {
    const db = await memory();
    db.close();
    await expect(db.client.execute("SELECT 1")).rejects.toThrow();
  });
});

describe("a raw statement", () => {
  it("refuses arguments that do not match its placeholders, saying how many of each", async () => {
    const db = await memory();
    await expect(db.write((tx) => executorRun(tx, "SELECT ?, ?", ["one"]))).rejects.toThrow(
      "1 arguments for 2 placeholders",
    );
  });
});

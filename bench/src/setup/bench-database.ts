import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccount, type Database } from "@driftstack/server";
import { openDatabaseUrl } from "@driftstack/server/node";
import type { BenchConfig } from "../config";
import { since } from "../stats";
import { seedProfiles } from "./seed-profiles";

export interface BenchAccount {
  id: string;
  apiKey: string;
}

/** One database file shared by every server of the run, Driftstack's and the baselines'. */
export interface BenchDatabase {
  dir: string;
  url: string;
  db: Database;
  /** Enterprise, no cap: the read endpoints' account, with `config.readProfiles` profiles. */
  reader: BenchAccount & { profileIds: string[] };
  /** Enterprise, no cap: POST /v1/profiles writes here. */
  writer: BenchAccount;
  /** Enterprise, no cap, `config.deepProfiles` profiles: pagination at depth. */
  deep: BenchAccount;
  /** How long seeding the reader's and the deep account's profiles took, in ms. */
  seedMs: { reader: number; deep: number };
  newAccount(tier: "enterprise" | "api_builder", name: string): Promise<BenchAccount>;
  close(): void;
}

export async function openBenchDatabase(config: BenchConfig): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "driftstack-bench-"));
  const url = `file:${join(dir, "bench.db")}`;
  const db = await openDatabaseUrl(url);
  const newAccount = async (tier: "enterprise" | "api_builder", name: string): Promise<BenchAccount> => {
    const { account, apiKey } = await createAccount(db, { name, tier, profileCap: null });
    return { id: account.id, apiKey: apiKey.secret };
  };
  const reader = await newAccount("enterprise", "bench-reader");
  const writer = await newAccount("enterprise", "bench-writer");
  const deep = await newAccount("enterprise", "bench-deep");
  const now = Date.now();
  let started = performance.now();
  const profileIds = await seedProfiles(db.client, {
    accountId: reader.id,
    count: config.readProfiles,
    namePrefix: "read",
    endMs: now,
  });
  const seedMs = { reader: since(started), deep: 0 };
  started = performance.now();
  await seedProfiles(db.client, { accountId: deep.id, count: config.deepProfiles, namePrefix: "deep", endMs: now });
  seedMs.deep = since(started);
  return {
    dir,
    url,
    db,
    reader: { ...reader, profileIds },
    writer,
    deep,
    seedMs,
    newAccount,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

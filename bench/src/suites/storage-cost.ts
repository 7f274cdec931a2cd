import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccount, createApp, type Database } from "@driftstack/server";
import { openDatabaseUrl } from "@driftstack/server/node";
import { availableEngines, driverFor } from "../../../packages/server/src/driver/select";
import { type BenchConfig, KIB, MIB } from "../config";
import { count, ms } from "../report/format";
import type { Row, Section } from "../report/types";
import { type ApiClient, apiClient } from "../sessions/api";
import { startSite } from "../sessions/site";
import { seedProfiles } from "../setup/seed-profiles";
import { median, timed } from "../stats";
import { label, writeExpression } from "./native-curve";

const TEN_MIB_ENV = "DRIFTSTACK_BENCH_10MIB";
/** A size whose imports are projected to take longer than this is left out unless its variable is set. */
const BUDGET_MS = 60_000;
/** Profiles created through the API to measure what one costs with its audit entry. */
const API_PROFILES = { full: 1_000, smoke: 50 };
/** The native layer is measured up to this size: a page takes long to write more. */
const NATIVE_MAX = MIB;

/**
 * Bytes of the database's pages in use, after the WAL is folded into the file:
 * the file's pages minus its free list. The file's own size misses growth that
 * lands on pages an earlier overwrite freed.
 */
async function usedBytes(db: Database, path: string): Promise<number> {
  await db.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  const pragma = async (name: string) =>
    Number(Object.values((await db.client.execute(`PRAGMA ${name}`)).rows[0] ?? {})[0]);
  const pageSize = await pragma("page_size");
  const pages = statSync(path).size / pageSize;
  return (pages - (await pragma("freelist_count"))) * pageSize;
}

/** Bytes of pages (SQLite's `dbstat`) held by the profiles table and its indexes. */
async function profilePages(db: Database): Promise<number> {
  const { rows } = await db.client.execute(
    "SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN (SELECT name FROM sqlite_schema WHERE tbl_name = 'profiles')",
  );
  return Number(rows[0]?.bytes ?? 0);
}

/** A portable state holding `bytes` of poorly compressible ASCII in localStorage: keys of 128 KiB, origins of 1 MiB. */
function portableState(bytes: number) {
  const text = randomBytes(Math.ceil((bytes * 3) / 4) + 3)
    .toString("base64")
    .slice(0, bytes);
  const origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }> = [];
  for (let at = 0; at < bytes; at += 128 * KIB) {
    const origin = `http://bench-${Math.floor(at / MIB)}.local`;
    if (origins.at(-1)?.origin !== origin) origins.push({ origin, localStorage: [] });
    origins.at(-1)?.localStorage.push({ name: `k${at}`, value: text.slice(at, at + 128 * KIB) });
  }
  return { cookies: [], origins };
}

interface Store {
  db: Database;
  path: string;
  api: ApiClient;
  app: ReturnType<typeof createApp>;
  accountId: string;
  apiKey: string;
}

async function profileRows(config: BenchConfig, store: Store): Promise<Row[]> {
  const { db, path, api } = store;
  const before = { disk: await usedBytes(db, path), pages: await profilePages(db) };
  await seedProfiles(db.client, {
    accountId: store.accountId,
    count: config.storageProfiles,
    namePrefix: "storage",
    endMs: Date.now(),
  });
  const seeded = { disk: await usedBytes(db, path), pages: await profilePages(db) };
  const viaApi = config.smoke ? API_PROFILES.smoke : API_PROFILES.full;
  for (let i = 0; i < viaApi; i++) await api("POST", "/v1/profiles", { name: `storage-api-${i}` });
  const created = await usedBytes(db, path);
  const n = config.storageProfiles;
  return [
    {
      measure: `bytes per profile: growth of the pages in use over ${count(n)} profiles inserted by SQL (baseline column: the profiles table and its indexes, by \`dbstat\`)`,
      ours: count((seeded.disk - before.disk) / n),
      baseline: count((seeded.pages - before.pages) / n),
      ratio: null,
    },
    {
      measure: `bytes per profile created through \`POST /v1/profiles\` (row, indexes and audit entry), over ${count(viaApi)}`,
      ours: count((created - seeded.disk) / viaApi),
      baseline: "",
      ratio: null,
    },
  ];
}

/** Stores each size once on a new profile (disk cost), then times repeated imports of it. */
async function portableRows(config: BenchConfig, store: Store, skipped: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const timings: Array<{ size: number; ms: number }> = [];
  for (const size of config.stateSizes) {
    const previous = timings.at(-1);
    const projected = previous ? (previous.ms * size * (config.rounds + 1)) / previous.size : 0;
    if (size >= 10 * MIB && process.env[TEN_MIB_ENV] !== "1" && projected > BUDGET_MS) {
      skipped.push(
        `${label(size)} imports: skipped, projected ${(projected / 1000).toFixed(0)} s from the smaller sizes (over ${BUDGET_MS / 1000} s); set ${TEN_MIB_ENV}=1 to measure it.`,
      );
      continue;
    }
    const state = portableState(size);
    const profile = await store.api<{ id: string }>("POST", "/v1/profiles", { name: `storage-state-${size}` });
    const put = () => store.api<{ state_bytes: number }>("PUT", `/v1/profiles/${profile.id}/state`, state);
    const before = await usedBytes(store.db, store.path);
    const first = await put();
    const growth = (await usedBytes(store.db, store.path)) - before;
    const times: number[] = [];
    for (let round = 0; round < config.rounds; round++) times.push(await timed(put));
    timings.push({ size, ms: median(times) });
    const smallest = timings[0] as { ms: number };
    rows.push(
      {
        measure: `${label(size)} imported (\`PUT /v1/profiles/:id/state\`): bytes on disk per stored byte (portable layer: ${count(first.state_bytes)} bytes)`,
        ours: count(growth),
        baseline: count(first.state_bytes),
        ratio: growth / first.state_bytes,
      },
      {
        measure: `${label(size)}: import write time (baseline column: ${label(config.stateSizes[0] as number)})`,
        ours: ms(median(times)),
        baseline: ms(smallest.ms),
        ratio: median(times) / smallest.ms,
      },
    );
  }
  return rows;
}

/** A session on Chromium writes each size in a page, then its destroy stores both layers: what that adds on disk. */
async function nativeRows(config: BenchConfig, store: Store, skipped: string[]): Promise<Row[]> {
  const install = availableEngines().find((i) => i.engine === "chromium");
  if (!install) {
    skipped.push("the native layer: skipped, no Chromium here");
    return [];
  }
  const driver = driverFor(install);
  const app = createApp({ db: store.db, driver });
  const api = apiClient(app, store.apiKey);
  const site = await startSite();
  const rows: Row[] = [];
  try {
    // Smoke: one size proves the path; each is a browser session.
    const sizes = config.stateSizes.filter((s) => s <= NATIVE_MAX).slice(0, config.smoke ? 1 : undefined);
    for (const size of sizes) {
      const profile = await api<{ id: string }>("POST", "/v1/profiles", { name: `storage-native-${size}` });
      const session = await api<{ id: string }>("POST", "/v1/sessions", { profile_id: profile.id });
      await api("POST", `/v1/sessions/${session.id}/goto`, { url: site.url });
      await api("POST", `/v1/sessions/${session.id}/evaluate`, { expression: writeExpression(size) });
      const before = await usedBytes(store.db, store.path);
      await api("DELETE", `/v1/sessions/${session.id}`);
      const growth = (await usedBytes(store.db, store.path)) - before;
      const { rows: layers } = await store.db.client.execute({
        sql: "SELECT length(s.native_data) AS native, length(CAST(s.data AS BLOB)) AS portable FROM profiles p JOIN browser_states s ON s.id = p.state_id WHERE p.id = ?",
        args: [profile.id],
      });
      const native = Number(layers[0]?.native ?? 0);
      const portable = Number(layers[0]?.portable ?? 0);
      rows.push({
        measure: `${label(size)} written by a page, persisted by a Chromium session's destroy: bytes on disk per stored byte (native ${count(native)} + portable ${count(portable)})`,
        ours: count(growth),
        baseline: count(native + portable),
        ratio: growth / (native + portable),
      });
    }
  } finally {
    await driver.close();
    await site.close();
  }
  return rows;
}

/**
 * What Driftstack's data costs on disk, measured on a database file of its
 * own so that no other suite's writes land in the growth: bytes per profile,
 * bytes on disk per byte of stored state (portable and native layers), and
 * how long an import takes against the state's size.
 */
export async function storageCost(config: BenchConfig): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), "driftstack-bench-storage-"));
  const path = join(dir, "storage.db");
  const db = await openDatabaseUrl(`file:${path}`);
  const skipped: string[] = [];
  try {
    const { account, apiKey } = await createAccount(db, {
      name: "bench-storage",
      tier: "enterprise",
      profileCap: null,
    });
    const app = createApp({ db });
    const store: Store = {
      db,
      path,
      app,
      api: apiClient(app, apiKey.secret),
      accountId: account.id,
      apiKey: apiKey.secret,
    };
    const rows = [
      ...(await profileRows(config, store)),
      ...(await portableRows(config, store, skipped)),
      ...(await nativeRows(config, store, skipped)),
    ];
    return {
      title: "Storage cost and state write time",
      baseline: "per row, named in the measure: the bytes stored (disk rows), or the smallest size (time rows).",
      rows,
      notes: [
        "A fresh database file; bytes on disk are the pages in use (the file's pages minus the free list) after `PRAGMA wal_checkpoint(TRUNCATE)`, counted in whole pages (4 KiB): a small state rounds up or down by part of a page, as it starts overflow pages or fills free space in a leaf. Imported states are poorly compressible ASCII in localStorage (keys of 128 KiB); the first import of each size goes to a new profile (its disk growth), then the same document is imported again " +
          `${config.rounds} time(s) (the time: the median, through \`app.fetch\` in this process, JSON parse, validation, one write transaction and its audit entry included).`,
        'The destroy that persists a state of each size (export, browser end, archive of the data directory) is timed on both engines in the "Engine-native state against state size" sections (rows "<size>: destroy (persist …)"); this section adds only its bytes on disk.',
        ...skipped,
      ],
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

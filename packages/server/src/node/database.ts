import { mkdirSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createClient } from "@libsql/client";
import { type Database, openDatabase } from "../store/database";
import { fileRawRows } from "./raw-rows";
import { RevocationFile } from "./revocation-file";

export const DEFAULT_DB_URL = "file:.driftstack/driftstack.db";

/** How long a write waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the database named by a libSQL URL: `:memory:`, `file:…` (created with
 * its folder if missing, switched to WAL so readers never block the writer),
 * or a libSQL server (`libsql://`, `http(s)://`, `ws(s)://`) with an auth token.
 */
export async function openDatabaseUrl(url: string, authToken?: string): Promise<Database> {
  const isFile = url.startsWith("file:");
  const singleConnection = url === ":memory:" || url.includes(":memory:");
  const path = isFile ? (url.slice("file:".length).split("?")[0] ?? "") : "";
  const onDisk = path !== "" && !singleConnection;
  if (onDisk) mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
  if (isFile) await client.execute("PRAGMA journal_mode = WAL");
  // Processes sharing a file share its revocation file, named after the file's real path (however
  // each spells it: links, relative paths); a remote server's clients check keys by id.
  const revocations = onDisk ? new RevocationFile(realPath(path)) : undefined;
  const rawRows = onDisk ? fileRawRows(path, BUSY_TIMEOUT_MS) : undefined;
  return openDatabase(client, { singleConnection, revocations, rawRows });
}

export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): { url: string; authToken?: string } {
  return { url: env.DRIFTSTACK_DB_URL || DEFAULT_DB_URL, authToken: env.DRIFTSTACK_DB_AUTH_TOKEN || undefined };
}

/** `path` with links resolved; the folder's alone while the file is not yet written. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return join(realpathSync(dirname(path)), basename(path));
  }
}

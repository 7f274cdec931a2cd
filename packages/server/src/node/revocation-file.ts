import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { RevocationSignal } from "../domain/revocation-signal";

/**
 * The revocation signal of a database file, shared by every process that
 * opens it: a small file beside it holding a random token, replaced (write
 * then rename, so a reader never sees half a token) on every revocation.
 * Reading it costs a few microseconds, a fraction of the primary-key query
 * it replaces on each request; a token, unlike a modification time, cannot
 * repeat within the file system's clock resolution.
 *
 * If the revoking process dies between its commit and the announcement,
 * servers holding the key in their cache honour it until the cache entry
 * expires (KEY_CACHE_TTL_MS, 5 s); every lookup past that reads the row.
 */
export class RevocationFile implements RevocationSignal {
  readonly #path: string;
  /** Announcements of this process, so its own revocation never waits on the file. */
  #local = 0;

  constructor(databasePath: string) {
    this.#path = `${databasePath}.key-revocations`;
  }

  /** Undefined (check every key by id) while the file cannot be read for another reason than being absent. */
  version(): string | undefined {
    const token = this.#token();
    return token === undefined ? undefined : `${this.#local}:${token}`;
  }

  announce(): void {
    this.#local++;
    const temporary = `${this.#path}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temporary, randomBytes(16).toString("hex"));
    renameSync(temporary, this.#path);
  }

  #token(): string | undefined {
    // Until the first revocation the file is absent: one `access` call, not a thrown ENOENT
    // per request (an exception with its stack was most of this method's cost).
    if (!existsSync(this.#path)) return "";
    try {
      return readFileSync(this.#path, "latin1");
    } catch (err) {
      // Absent: no revocation yet on this database. Unreadable (permissions, a directory in
      // its place): no cheap signal, so keys are checked by id rather than every request failing.
      return (err as NodeJS.ErrnoException).code === "ENOENT" ? "" : undefined;
    }
  }
}

/**
 * How a server learns that an API key was revoked without reading the key's
 * row on every request. A server remembers the signal's version beside each
 * cached key and trusts the cache only while the version is unchanged; a
 * revoker announces after its revocation commits, so a lookup that began
 * before the commit is always followed by a new version.
 */
export interface RevocationSignal {
  /**
   * Changes whenever a process sharing the database announces a revocation.
   * Undefined when there is no signal cheaper than the database itself (a
   * remote libSQL server): then every cached key is checked by id.
   */
  version(): string | undefined;
  /** Called once a revocation has committed. */
  announce(): void;
}

/** For a database only this process can open (`:memory:`): a counter is the whole truth. */
export class InProcessRevocations implements RevocationSignal {
  #count = 0;

  version(): string {
    return String(this.#count);
  }

  announce(): void {
    this.#count++;
  }
}

/** No cheap signal: every request checks its cached key against the database. */
export const uncheckedRevocations: RevocationSignal = {
  version: () => undefined,
  announce: () => undefined,
};

import type { ClientOptions, Driftstack } from "@driftstack/sdk";
import type { Handle } from "../accounts";
import type { Recorder } from "../recorder";

export interface TargetAccount {
  readonly id: string;
  readonly apiKey: string;
  readonly adminKeyId: string;
  readonly readKey: string;
  readonly readKeyId: string;
}

/** What a suite may set on a client; the target owns the key, base URL and transport. */
export type ClientOverrides = Omit<ClientOptions, "apiKey" | "baseUrl" | "fetch">;

/** One implementation of the API the suites run against, without telling them which. */
export interface Target {
  readonly name: string;
  readonly recorder: Recorder;
  account(handle: Handle): TargetAccount;
  /** An SDK client whose every response goes through the recorder. */
  makeClient(apiKey: string, options?: ClientOverrides): Driftstack;
  /** Empties all data; the accounts and keys of `ACCOUNTS` exist afterwards (ids may change). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface TargetFactory {
  readonly name: string;
  create(): Promise<Target>;
}

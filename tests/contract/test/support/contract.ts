import type { Driftstack } from "@driftstack/sdk";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from "vitest";
import type { Handle } from "../../src/accounts";
import type { Recorder } from "../../src/recorder";
import { type ClientOverrides, TARGETS, type Target, type TargetAccount } from "../../src/targets";

/** What a suite sees of the target it runs on. */
export interface Contract {
  readonly target: Target;
  readonly recorder: Recorder;
  account(handle: Handle): TargetAccount;
  /** A client with the account's admin key. */
  client(handle?: Handle, options?: ClientOverrides): Driftstack;
  /** A client with the account's read key. */
  reader(handle?: Handle, options?: ClientOverrides): Driftstack;
}

/**
 * Declares a suite once and runs it on every target (hono's
 * `common.case.test.ts` idea). Each test starts from empty data with the
 * accounts of `ACCOUNTS`, and fails if any response it caused breaks the spec.
 */
export function contract(title: string, define: (c: Contract) => void): void {
  describe.each(TARGETS)(`${title} ($name)`, (factory) => {
    let current: Target | undefined;
    const target = (): Target => {
      if (!current) throw new Error(`The ${factory.name} target is not up.`);
      return current;
    };
    const c: Contract = {
      get target() {
        return target();
      },
      get recorder() {
        return target().recorder;
      },
      account: (handle) => target().account(handle),
      client: (handle = "default", options) => target().makeClient(target().account(handle).apiKey, options),
      reader: (handle = "default", options) => target().makeClient(target().account(handle).readKey, options),
    };

    beforeAll(async () => {
      current = await factory.create();
    });
    afterAll(async () => {
      await current?.close();
    });
    beforeEach(async () => {
      await target().reset();
      target().recorder.clear();
    });
    afterEach(async () => {
      expect(await target().recorder.takeViolations(), "responses that break spec/openapi.yaml").toEqual([]);
    });

    define(c);
  });
}

/** The error a promise rejects with, checked to be of `type`. */
export async function rejection<E>(
  promise: PromiseLike<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const outcome = await Promise.resolve(promise).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome))
    throw new Error(`Expected a ${type.name}, the call resolved with ${JSON.stringify(outcome.value)}.`);
  expect(outcome.error).toBeInstanceOf(type);
  return outcome.error as E;
}

export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const DEFAULT_ARCHETYPE = "iphone16pro_ios18_7_safari26_4";

import { createDriftstackMock, type MockAccountOptions } from "@driftstack/mock";
import { setupServer } from "msw/node";
import { ACCOUNTS, HANDLES, type Handle } from "../accounts";
import { Recorder } from "../recorder";
import type { Spec } from "../spec";
import { recordedClient } from "./client";
import type { Target, TargetAccount, TargetFactory } from "./types";

/**
 * `@driftstack/mock` behind MSW's `setupServer`, as a user's test sets it up:
 * the SDK keeps its default base URL and reaches the mock through
 * `globalThis.fetch`, looked up on every call (MSW patches it on `listen()`).
 * Anything the mock does not handle is an error, never a real request.
 */
export function mockTarget(spec: Spec): TargetFactory {
  return {
    name: "MSW mock",
    async create(): Promise<Target> {
      const accounts = {} as Record<Handle, MockAccountOptions>;
      for (const handle of HANDLES) {
        const { members, ...plan } = { members: undefined, ...ACCOUNTS[handle] };
        accounts[handle] = { ...plan, keys: ["read"], ...(members ? { members } : {}) };
      }
      const mock = createDriftstackMock({ accounts });
      const server = setupServer(...mock.handlers);
      server.listen({ onUnhandledRequest: "error" });
      await mock.ready;
      const recorder = new Recorder(spec);
      const account = (handle: Handle): TargetAccount => {
        const { id, apiKey, keys } = mock.accounts[handle];
        const read = keys.find((k) => k.scope === "read");
        if (!read) throw new Error(`The mock made no read key for "${handle}".`);
        return { id, apiKey, adminKeyId: keys[0]?.id ?? "", readKey: read.secret, readKeyId: read.id };
      };
      return {
        name: this.name,
        recorder,
        account,
        makeClient: (apiKey, options) =>
          recordedClient(recorder, apiKey, options, { fetch: (request) => globalThis.fetch(request) }),
        reset: () => mock.reset(),
        async close() {
          server.close();
          await mock.close();
        },
      };
    },
  };
}

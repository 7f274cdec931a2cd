import { defineConfig } from "vitest/config";
import { timeouts } from "./vitest.mutation-server";

// http/shared-contract.ts against the tests that read the served contract: the spec served at
// /openapi.json, field for field, and the statuses every operation lists.
export default defineConfig({
  test: { include: ["packages/server/test/shared-contract.test.ts"], ...timeouts },
});

import { defineConfig } from "vitest/config";
import { fakeDriverSessionTests, timeouts } from "./vitest.mutation-server";

// sessions/ against the fake-driver session tests only: the real-engine suites start browsers.
export default defineConfig({ test: { include: fakeDriverSessionTests, ...timeouts } });

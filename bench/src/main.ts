import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "@driftstack/server";
import { FULL, SMOKE } from "./config";
import { describeMachine } from "./machine";
import { hasGc } from "./memory";
import { explainMisses } from "./report/findings";
import { renderReport, renderSection } from "./report/markdown";
import type { Section } from "./report/types";
import { startServer } from "./servers/spawn";
import { openBenchDatabase } from "./setup/bench-database";
import { since } from "./stats";
import { apiScale } from "./suites/api-scale";
import { capUnderLoad } from "./suites/cap";
import { cpuProfile } from "./suites/cpu-profile";
import { mockOverhead } from "./suites/mock-overhead";
import { nativeCurve } from "./suites/native-curve";
import { pagination } from "./suites/pagination";
import { parallelSessions } from "./suites/parallel-sessions";
import { requestCost } from "./suites/request-cost";
import { sdkOverhead } from "./suites/sdk-overhead";
import { sessions } from "./suites/sessions";
import { storageCost } from "./suites/storage-cost";
import { throughput } from "./suites/throughput";

const config = process.argv.includes("--smoke") ? SMOKE : FULL;
/** `--only=sessions`: just the browser suites, reported to a temporary file (RESULTS.md is a full run's). */
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const started = performance.now();
const machine = describeMachine();
const log = (message: string) =>
  console.error(`[bench ${(since(started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

if (!hasGc()) log("node runs without --expose-gc: heap figures include uncollected garbage");
log(
  `${config.smoke ? "smoke run" : "full run"} on ${machine.cpu}, Node ${machine.node}, load average ${machine.load.toFixed(2)}`,
);
log(`seeding ${config.deepProfiles.toLocaleString("en-US")} + ${config.readProfiles.toLocaleString("en-US")} profiles`);
const bench = await openBenchDatabase(config);
const [ours, bare] = await Promise.all([startServer("driftstack", bench.url), startServer("bare", bench.url)]);
const app = createApp({ db: bench.db });
const sections: Section[] = [];
let appendix = "";

async function run(name: string, suite: () => Promise<Section>): Promise<void> {
  if (only && !name.startsWith(only)) return;
  log(`${name}…`);
  const section = await suite();
  sections.push(section);
  log(`${name} done\n${renderSection(section)}`);
}

try {
  await run("server throughput", () => throughput(config, bench, ours, bare));
  await run("cap enforcement", () => capUnderLoad(config, bench, ours, bare));
  await run("request cost", () => requestCost(config, bench, app));
  // Not a section: an appendix. `--only=cpu` runs just it.
  if (!only || "cpu profiles".startsWith(only)) {
    log("CPU profiles of GET /v1/profiles/:id and POST /v1/profiles (without and with a key)…");
    appendix = await cpuProfile(config, bench, ours, bare);
  }
  await run("pagination at depth", () => pagination(config, bench, app, ours));
  // Scale curves: `--only=scale` runs just these.
  await run("scale: API reads", () => apiScale(config, bench, app, { ours, bare }, log));
  await run("SDK overhead", () => sdkOverhead(config, bench, app));
  await run("sessions on Chromium", () => sessions(config, bench, "chromium"));
  await run("sessions on WebKitGTK", () => sessions(config, bench, "webkitgtk"));
  await run("sessions: native state curve on Chromium", () => nativeCurve(config, bench, "chromium"));
  await run("sessions: native state curve on WebKitGTK", () => nativeCurve(config, bench, "webkit"));
  await run("scale: sessions in parallel on Chromium", () => parallelSessions(config, bench, "chromium"));
  await run("scale: sessions in parallel on WebKitGTK", () => parallelSessions(config, bench, "webkitgtk"));
  await run("scale: storage cost", () => storageCost(config));
  // Last: MSW patches the global fetch and Node's http while it listens.
  await run("mock overhead", () => mockOverhead(config));
} finally {
  await ours.stop();
  await bare.stop();
  bench.close();
}

const report = renderReport({
  machine,
  smoke: config.smoke,
  elapsedMs: since(started),
  sections,
  findings: explainMisses(sections),
  appendix,
});
const target =
  config.smoke || only
    ? join(mkdtempSync(join(tmpdir(), "driftstack-bench-smoke-")), "RESULTS.md")
    : fileURLToPath(new URL("../RESULTS.md", import.meta.url));
writeFileSync(target, report);
console.log(report);
log(`wrote ${target}`);
// Playwright and libSQL can keep handles open a moment after closing; the run is over.
process.exit(0);

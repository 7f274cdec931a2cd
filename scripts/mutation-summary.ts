/**
 * `pnpm mutation:summary`: writes bench/MUTATION.md from Stryker's incremental file
 * (bench/mutation/stryker-incremental.json, the mutation-testing-report-schema), so the
 * committed summary always matches the committed results. Per folder: how many mutants were
 * killed, the score, and every survivor with why it is equivalent
 * (bench/mutation/equivalents.json) or, when none is given, marked unexplained.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Mutant {
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  status: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}
/**
 * Why a surviving mutant cannot be told apart from the code, keyed `file:line:column:mutator`
 * (Stryker's 1-based line, 0-based column), or `file:line:column-line:column:mutator` with where
 * the mutant ends, for mutants of one operator that start together (`a && b` and `a` alone).
 */
type Equivalents = Record<string, string>;
/** Measured wall-clock minutes of the last run of each folder, with the machine's load. */
type Runs = Record<string, { minutes: number; note?: string }>;

const root = join(import.meta.dirname, "..");
const dir = join(root, "bench/mutation");
const readJson = <T>(name: string, fallback: T): T =>
  existsSync(join(dir, name)) ? (JSON.parse(readFileSync(join(dir, name), "utf8")) as T) : fallback;

const FOLDERS = [
  "packages/server/src/domain/",
  "packages/server/src/store/",
  "packages/server/src/http/",
  "packages/server/src/sessions/",
  "packages/sdk/src/core/",
  "packages/mock/src/",
];
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

const report = readJson<Report>("stryker-incremental.json", { files: {} });
const equivalents = readJson<Equivalents>("equivalents.json", {});
const runs = readJson<Runs>("runs.json", {});

const at = (p: { line: number; column: number }) => `${p.line}:${p.column}`;
const explain = (file: string, m: Mutant): string | undefined =>
  equivalents[`${file}:${at(m.location.start)}-${at(m.location.end)}:${m.mutatorName}`] ??
  equivalents[`${file}:${at(m.location.start)}:${m.mutatorName}`];
const pct = (n: number, d: number) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)} %`);

const rows: string[] = [];
const survivors: string[] = [];
let totalDetected = 0;
let totalValid = 0;
let unexplained = 0;
let folderRuns = 0;
for (const folder of FOLDERS) {
  const files = Object.entries(report.files).filter(([path]) => path.startsWith(folder));
  if (files.length === 0) {
    rows.push(`| ${folder} | not run yet | | | | ${runs[folder]?.note ?? ""} |`);
    continue;
  }
  folderRuns++;
  let detected = 0;
  let undetected = 0;
  let other = 0;
  let folderUnexplained = 0;
  for (const [path, { mutants }] of files.sort(([a], [b]) => a.localeCompare(b))) {
    const lines: string[] = [];
    for (const m of mutants.sort((a, b) => a.location.start.line - b.location.start.line)) {
      if (DETECTED.has(m.status)) detected++;
      else if (UNDETECTED.has(m.status)) {
        undetected++;
        const why = explain(path, m);
        if (!why) folderUnexplained++;
        const what = `${m.mutatorName} → \`${(m.replacement ?? "").replace(/\s+/g, " ").slice(0, 60)}\``;
        lines.push(`- line ${m.location.start.line}, ${what} (${m.status}): ${why ?? "**unexplained**"}`);
      } else other++;
    }
    if (lines.length > 0) survivors.push(`### ${path}`, "", ...lines, "");
  }
  const valid = detected + undetected;
  unexplained += folderUnexplained;
  totalDetected += detected;
  totalValid += valid;
  const run = runs[folder];
  const time = run && run.minutes > 0 ? `${run.minutes} min${run.note ? ` (${run.note})` : ""}` : "";
  rows.push(
    `| ${folder} | ${detected} | ${undetected} (${folderUnexplained} unexplained) | ${other} | ${pct(detected, valid)} | ${time} |`,
  );
}

const markdown = [
  "# Driftstack mutation testing",
  "",
  "Written by `pnpm mutation:summary` from `bench/mutation/stryker-incremental.json`, the",
  "incremental file `pnpm test:mutation` (StrykerJS, vitest runner, TypeScript checker) keeps.",
  "Killed counts timeouts; the score is killed ÷ (killed + survived + not covered); other is",
  "mutants that do not compile (the TypeScript checker drops them) or are ignored. Target: ≥ 85 %",
  "per folder, every survivor equivalent (why below) or killed by a test. A folder run on its own",
  "(`nice -n 15 npx stryker run stryker.<name>.config.mjs`, against that package's own tests: a",
  "lower bound) writes `bench/mutation/<name>.incremental.json`; `pnpm mutation:merge` folds it in.",
  "A timeout on a loaded machine may be a slow test, not a caught mutant: such lines are run again",
  "on a quiet one and `pnpm mutation:recheck <name> <report>` takes their result (see the script).",
  "",
  folderRuns < FOLDERS.length
    ? `**Partial**: ${folderRuns} of ${FOLDERS.length} folders have results; the others' last column says how far they got.\n`
    : "",
  "| folder | killed | survived | other | score | last run |",
  "|---|---:|---:|---:|---:|---|",
  ...rows,
  `| **total** | ${totalDetected} | ${totalValid - totalDetected} | | **${pct(totalDetected, totalValid)}** | |`,
  "",
  `## Survivors (${totalValid - totalDetected}, ${unexplained} unexplained)`,
  "",
  ...survivors,
].join("\n");

writeFileSync(join(root, "bench/MUTATION.md"), markdown);
console.log(`bench/MUTATION.md: ${pct(totalDetected, totalValid)} killed, ${unexplained} unexplained survivors`);

/**
 * `pnpm mutation:recheck <name> <report.json>`: folds a recheck of timed-out mutants into
 * bench/mutation/<name>.incremental.json.
 *
 * Stryker counts a mutant whose tests outrun their time limit as detected (Timeout). On a
 * loaded machine that includes mutants whose tests were only slow, and an incremental run
 * reuses the result until the mutant's code or its tests change. A recheck runs those lines
 * again on a quiet machine, into a file of its own:
 *
 *   nice -n 15 npx stryker run stryker.<name>.config.mjs --force \
 *     --incrementalFile /tmp/recheck.json --mutate "<file>:<line>-<line>,…"
 *
 * and this takes its result for every mutant the incremental file holds as Timeout. The
 * recheck's test ids are its own, so covering and killing tests are matched by file and name.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Position {
  line: number;
  column: number;
}
interface Mutant {
  mutatorName: string;
  replacement?: string;
  location: { start: Position; end: Position };
  status: string;
  coveredBy?: string[];
  killedBy?: string[];
  testsCompleted?: number;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
  testFiles?: Record<string, { tests: Array<{ id: string; name: string }> }>;
}

const [name, recheckPath] = process.argv.slice(2);
if (!name || !recheckPath) throw new Error("usage: pnpm mutation:recheck <name> <recheck report.json>");
const mainPath = join(import.meta.dirname, "..", "bench/mutation", `${name}.incremental.json`);
const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Report;
const main = read(mainPath);
const recheck = read(recheckPath);

const at = (p: Position) => `${p.line}:${p.column}`;
const keyOf = (file: string, m: Mutant) =>
  `${file}:${at(m.location.start)}-${at(m.location.end)}:${m.mutatorName}:${m.replacement ?? ""}`;
const testKeys = (report: Report) =>
  Object.entries(report.testFiles ?? {}).flatMap(([file, { tests }]) =>
    tests.map((t): [string, string] => [t.id, `${file}\n${t.name}`]),
  );
const recheckTest = new Map(testKeys(recheck));
const mainTest = new Map(testKeys(main).map(([id, key]) => [key, id]));
const mapIds = (ids: string[] = []) =>
  ids.flatMap((id) => {
    const mainId = mainTest.get(recheckTest.get(id) ?? "");
    return mainId === undefined ? [] : [mainId];
  });

const rechecked = new Map(
  Object.entries(recheck.files).flatMap(([file, { mutants }]) => mutants.map((m) => [keyOf(file, m), m] as const)),
);
let folded = 0;
for (const [file, { mutants }] of Object.entries(main.files)) {
  for (const m of mutants) {
    const again = rechecked.get(keyOf(file, m));
    if (m.status !== "Timeout" || again === undefined || again.status === "Timeout") continue;
    m.status = again.status;
    m.coveredBy = mapIds(again.coveredBy);
    if (again.status === "Killed") m.killedBy = mapIds(again.killedBy);
    else delete m.killedBy;
    m.testsCompleted = again.testsCompleted;
    folded++;
    console.log(`${file}:${at(m.location.start)} ${m.mutatorName}: Timeout → ${m.status}`);
  }
}
// Stryker writes its incremental file this way: two spaces, no final newline.
writeFileSync(mainPath, JSON.stringify(main, null, 2));
console.log(`${folded} timed-out mutants take the recheck's result`);

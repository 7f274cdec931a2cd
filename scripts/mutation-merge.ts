/**
 * `pnpm mutation:merge`: folds the incremental files of the per-folder configs
 * (bench/mutation/<name>.incremental.json, written by `npx stryker run stryker.<name>.config.mjs`)
 * into bench/mutation/stryker-incremental.json, the file `pnpm test:mutation` and
 * `pnpm mutation:summary` read. A folder's run writes only its own files, so without this a
 * run over one folder would drop every other folder's results.
 *
 * Test ids are numbers counted per run, so each run's ids get its name as a prefix: a mutant's
 * coveredBy and killedBy keep pointing at the same tests, and the next full run still matches
 * them by file and name.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Mutant {
  coveredBy?: string[];
  killedBy?: string[];
}
interface TestFile {
  tests: Array<{ id: string }>;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
  testFiles?: Record<string, TestFile>;
  [key: string]: unknown;
}

const dir = join(import.meta.dirname, "..", "bench/mutation");
const mainPath = join(dir, "stryker-incremental.json");
const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Report;

const parts = readdirSync(dir)
  .filter((name) => name.endsWith(".incremental.json"))
  .sort();
if (parts.length === 0) throw new Error(`no bench/mutation/*.incremental.json to merge`);

const merged: Report = existsSync(mainPath) ? read(mainPath) : { ...read(join(dir, parts[0] as string)), files: {} };
merged.testFiles ??= {};
for (const name of parts) {
  const tag = name.replace(/\.incremental\.json$/, "");
  const part = read(join(dir, name));
  const rename = (id: string) => `${tag}.${id}`;
  for (const [path, file] of Object.entries(part.files)) {
    merged.files[path] = {
      ...file,
      mutants: file.mutants.map((m) => ({
        ...m,
        ...(m.coveredBy && { coveredBy: m.coveredBy.map(rename) }),
        ...(m.killedBy && { killedBy: m.killedBy.map(rename) }),
      })),
    };
  }
  for (const [path, file] of Object.entries(part.testFiles ?? {})) {
    // Several runs share a test file (the server's route and fake-driver tests serve domain,
    // sessions, store and http): keep the other runs' ids beside this run's, so every run's
    // coveredBy and killedBy still name a known test. The newest run's source and tests win.
    const others = (merged.testFiles[path]?.tests ?? []).filter((t) => !t.id.startsWith(`${tag}.`));
    merged.testFiles[path] = { ...file, tests: [...file.tests.map((t) => ({ ...t, id: rename(t.id) })), ...others] };
  }
  console.log(`${name}: ${Object.keys(part.files).length} source files merged`);
}
writeFileSync(mainPath, `${JSON.stringify(merged, null, 2)}\n`);

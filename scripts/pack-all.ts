/**
 * `pnpm pack:all [folder]` (after `pnpm build`): packs the three published packages into one
 * folder (default `packs/`) as an app installs them: `npm install ./packs/driftstack-*.tgz`.
 * `pnpm pack` applies each package's `publishConfig` (built `exports` and `bin`) and turns
 * `workspace:` ranges into versions; the tarballs are checked by tests/consumer.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = join(import.meta.dirname, "..");
export const PACKAGES = ["server", "sdk", "mock"] as const;

/** Packs every package into `folder` and returns the tarballs' paths, in PACKAGES order. */
export function packAll(folder: string): string[] {
  const destination = resolve(folder);
  mkdirSync(destination, { recursive: true });
  return PACKAGES.map((name) => {
    const dir = join(root, "packages", name);
    if (!existsSync(join(dir, "dist"))) throw new Error(`packages/${name} is not built: run \`pnpm build\` first.`);
    const out = execFileSync("pnpm", ["pack", "--json", "--pack-destination", destination], {
      cwd: dir,
      encoding: "utf8",
    });
    return (JSON.parse(out) as { filename: string }).filename;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  for (const tarball of packAll(process.argv[2] ?? join(root, "packs"))) console.log(tarball);
}

import { execFileSync } from "node:child_process";

export interface Tarball {
  /** Paths inside the package, without tar's `package/` prefix. */
  files: string[];
  manifest: { files: string[]; targets: string[]; [field: string]: unknown };
}

/** Every file an entry point of package.json names: `exports` (all conditions), `bin`, `main`, `module`, `types`. */
function targetsOf(manifest: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") found.push(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  for (const field of ["exports", "bin", "main", "module", "types"]) walk(manifest[field]);
  return [...new Set(found)];
}

/** The file list and package.json of a packed tarball, read with tar. */
export function readTarball(path: string): Tarball {
  const files = execFileSync("tar", ["-tzf", path], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""));
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", path, "package/package.json"], { encoding: "utf8" }));
  return { files, manifest: { files: [], ...manifest, targets: targetsOf(manifest) } };
}

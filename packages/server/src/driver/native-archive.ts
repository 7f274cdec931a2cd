import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

/**
 * The container of a profile's engine-native layer: every regular file of an
 * engine's data directory (relative path and bytes), gzipped. Our own format,
 * so that no native dependency and no `tar` binary is needed:
 *
 *   "DSNA1\n", then per file: u32 path length, path (UTF-8, `/`-separated),
 *   u32 high and u32 low halves of the size, the bytes. All big-endian.
 */
const MAGIC = Buffer.from("DSNA1\n");

/** Decides whether a path (relative, `/`-separated) stays out of the archive. */
export type Exclude = (path: string) => boolean;

/** Packs `dir`'s regular files (symbolic links and sockets skipped) except the excluded ones. */
export function packDirectory(dir: string, exclude: Exclude): Uint8Array {
  const parts: Buffer[] = [MAGIC];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      const path = relative(dir, full).split(sep).join("/");
      if (exclude(path)) continue;
      const stat = lstatSync(full, { throwIfNoEntry: false });
      if (!stat) continue; // removed by the engine while we walked
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) {
        const bytes = readFileSync(full);
        const name8 = Buffer.from(path, "utf8");
        const head = Buffer.alloc(12);
        head.writeUInt32BE(name8.length, 0);
        head.writeUInt32BE(Math.floor(bytes.length / 2 ** 32), 4);
        head.writeUInt32BE(bytes.length % 2 ** 32, 8);
        parts.push(head.subarray(0, 4), name8, head.subarray(4), bytes);
      }
    }
  };
  walk(dir);
  const gz = gzipSync(Buffer.concat(parts), { level: 6 });
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

/** Unpacks an archive of `packDirectory` into `dir`; refuses a path that would leave it. */
export function unpackDirectory(archive: Uint8Array, dir: string): void {
  const data = gunzipSync(archive);
  if (!data.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error("not a Driftstack native-state archive");
  const root = resolve(dir);
  let at = MAGIC.length;
  const need = (n: number) => {
    if (at + n > data.length) throw new Error("the native-state archive is truncated");
  };
  while (at < data.length) {
    need(4);
    const nameLength = data.readUInt32BE(at);
    at += 4;
    need(nameLength + 8);
    const path = data.subarray(at, at + nameLength).toString("utf8");
    at += nameLength;
    const size = data.readUInt32BE(at) * 2 ** 32 + data.readUInt32BE(at + 4);
    at += 8;
    need(size);
    const target = resolve(root, path);
    if (!target.startsWith(root + sep)) throw new Error(`the native-state archive names a path outside: ${path}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data.subarray(at, at + size));
    at += size;
  }
}

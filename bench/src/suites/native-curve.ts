import { createApp } from "@driftstack/server";
import { availableEngines, driverFor } from "../../../packages/server/src/driver/select";
import { type BenchConfig, KIB, MIB } from "../config";
import { count, ms } from "../report/format";
import type { Row, Section } from "../report/types";
import { apiClient } from "../sessions/api";
import { startSite } from "../sessions/site";
import type { BenchDatabase } from "../setup/bench-database";
import { median, timed } from "../stats";

/**
 * The state sizes measured: 10 MiB only on request (DRIFTSTACK_BENCH_10MIB=1),
 * since one such cycle takes tens of seconds on a loaded machine.
 */
function sizes(config: BenchConfig): number[] {
  if (config.smoke) return [10 * KIB, 100 * KIB];
  return [10 * KIB, 100 * KIB, MIB, ...(process.env.DRIFTSTACK_BENCH_10MIB === "1" ? [10 * MIB] : [])];
}

/**
 * Writes `chars` poorly compressible characters: up to 1 MiB in localStorage
 * (128 KiB a key: engines cap an origin's localStorage at a few MiB), the rest
 * in IndexedDB records of 256 KiB.
 */
export function writeExpression(chars: number): string {
  return `(async () => {
  let h = 2166136261;
  const text = (n) => { const out = []; for (let i = 0; i < n; i++) { h = (Math.imul(h, 1103515245) + 12345) >>> 0; out.push(String.fromCharCode(33 + ((h >>> 16) % 94))); } return out.join(""); };
  let left = ${chars};
  for (let i = 0; left > 0 && i < 8; i++) { const n = Math.min(left, ${128 * KIB}); localStorage.setItem("bench-" + i, text(n)); left -= n; }
  if (left > 0) {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open("bench", 1);
      r.onupgradeneeded = () => r.result.createObjectStore("blobs");
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    for (let i = 0; left > 0; i++) {
      const n = Math.min(left, ${256 * KIB});
      await new Promise((resolve, reject) => {
        const tx = db.transaction("blobs", "readwrite");
        tx.objectStore("blobs").put(text(n), i);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      left -= n;
    }
    db.close();
  }
  return true;
})()`;
}

export const label = (bytes: number) => (bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / KIB} KiB`);

/**
 * The engine-native layer's cost against the state's size, through the API
 * on one engine: the destroy that ends the browser and archives its data
 * directory, the archive's size, and create → active of a full restore
 * (the archive unpacked into a new directory, a browser launched on it).
 * Each size is compared with the smallest, measured in the same run.
 */
export async function nativeCurve(
  config: BenchConfig,
  bench: BenchDatabase,
  engine: "chromium" | "webkit",
): Promise<Section> {
  const install = availableEngines().find((i) => i.engine === engine);
  const title = `Engine-native state against state size (${engine === "webkit" ? "WebKitGTK" : "Chromium"})`;
  const baseline = "the same measure with a 10 KiB state, in the same run";
  if (!install) return { title, baseline, rows: [], notes: [`skipped: ${engine} is not installed here`] };
  const driver = driverFor(install);
  const app = createApp({ db: bench.db, driver });
  const account = await bench.newAccount("enterprise", `bench-native-${engine}`);
  const api = apiClient(app, account.apiKey);
  const site = await startSite();
  const measured: Array<{ size: number; destroy: number[]; open: number[]; native: number; portable: number }> = [];
  try {
    for (const size of sizes(config)) {
      const profile = await api<{ id: string }>("POST", "/v1/profiles", { name: `native-${engine}-${size}` });
      let session = await api<{ id: string; state_restored: string }>("POST", "/v1/sessions", {
        profile_id: profile.id,
      });
      await api("POST", `/v1/sessions/${session.id}/goto`, { url: site.url });
      await api("POST", `/v1/sessions/${session.id}/evaluate`, { expression: writeExpression(size) });
      const row = { size, destroy: [] as number[], open: [] as number[], native: 0, portable: 0 };
      for (let i = 0; i < config.sessionRounds; i++) {
        const id = session.id;
        row.destroy.push(await timed(() => api("DELETE", `/v1/sessions/${id}`)));
        await driver.warmPool.settled();
        row.open.push(
          await timed(async () => {
            session = await api<{ id: string; state_restored: string }>("POST", "/v1/sessions", {
              profile_id: profile.id,
            });
          }),
        );
        // A session that did not start from the archive would time something else.
        if (session.state_restored !== "full")
          throw new Error(`${label(size)} on ${engine}: a session started "${session.state_restored}", not "full"`);
      }
      await api("DELETE", `/v1/sessions/${session.id}`);
      const layers = await bench.db.client.execute({
        sql: "SELECT length(s.native_data) AS native, length(CAST(s.data AS BLOB)) AS portable FROM profiles p JOIN browser_states s ON s.id = p.state_id WHERE p.id = ?",
        args: [profile.id],
      });
      row.native = Number(layers.rows[0]?.native ?? 0);
      row.portable = Number(layers.rows[0]?.portable ?? 0);
      measured.push(row);
    }
  } finally {
    await driver.close();
    await site.close();
  }
  const first = measured[0];
  const rows: Row[] = [];
  for (const m of measured) {
    const vs = (a: number[], b: number[] | undefined) => (b ? median(a) / median(b) : null);
    rows.push(
      {
        measure: `${label(m.size)}: destroy (persist: export, clean browser end, archive)`,
        ours: ms(median(m.destroy)),
        baseline: ms(median(first?.destroy ?? [])),
        ratio: vs(m.destroy, first?.destroy),
      },
      {
        measure: `${label(m.size)}: create → active, full restore`,
        ours: ms(median(m.open)),
        baseline: ms(median(first?.open ?? [])),
        ratio: vs(m.open, first?.open),
      },
      {
        measure: `${label(m.size)}: native archive bytes (baseline column: the portable layer's)`,
        ours: count(m.native),
        baseline: count(m.portable),
        ratio: m.portable ? m.native / m.portable : null,
      },
    );
  }
  return {
    title,
    baseline,
    rows,
    notes: [
      `Medians of ${config.sessionRounds} destroy → create cycles per size on one profile; the state is poorly compressible text, up to 1 MiB in localStorage and the rest in IndexedDB. 10 MiB is measured with DRIFTSTACK_BENCH_10MIB=1. The native archive is the engine's data directory (caches left out), gzipped; the portable layer is the JSON document.`,
    ],
  };
}

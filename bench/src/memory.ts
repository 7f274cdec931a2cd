/** Samples this process's memory while something runs: the peak, and what stays after a full GC. */
export interface MemoryReport {
  rssBefore: number;
  rssPeak: number;
  heapBefore: number;
  heapPeak: number;
  /** heapUsed after the run and a full GC. */
  heapAfter: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function collectGarbage(): void {
  gc?.();
}

export async function sampleMemory<T>(
  run: () => Promise<T>,
  intervalMs = 20,
): Promise<{ result: T; memory: MemoryReport }> {
  collectGarbage();
  const before = process.memoryUsage();
  const memory: MemoryReport = {
    rssBefore: before.rss,
    rssPeak: before.rss,
    heapBefore: before.heapUsed,
    heapPeak: before.heapUsed,
    heapAfter: 0,
  };
  const sample = () => {
    const now = process.memoryUsage();
    memory.rssPeak = Math.max(memory.rssPeak, now.rss);
    memory.heapPeak = Math.max(memory.heapPeak, now.heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await run();
    sample();
    collectGarbage();
    memory.heapAfter = process.memoryUsage().heapUsed;
    return { result, memory };
  } finally {
    clearInterval(timer);
  }
}

export function hasGc(): boolean {
  return gc !== undefined;
}

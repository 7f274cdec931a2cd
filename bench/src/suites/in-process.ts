import { count } from "../report/format";
import type { Row } from "../report/types";
import { median, pairedRatio, since } from "../stats";

export interface Comparison {
  /** Microseconds per call, median over rounds. */
  oursUs: number;
  baselineUs: number;
  /** Median of each round's ours ÷ baseline (time per call: lower is better). */
  ratio: number;
}

/**
 * Times `calls` sequential calls of each side per round, alternating which
 * side goes first, after one warm-up round.
 */
export async function compareCalls(
  sides: { ours: () => Promise<unknown>; baseline: () => Promise<unknown> },
  rounds: number,
  calls: number,
): Promise<Comparison> {
  const perCall = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    return (since(start) * 1000) / calls;
  };
  await perCall(sides.ours);
  await perCall(sides.baseline);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      ours.push(await perCall(sides.ours));
      baseline.push(await perCall(sides.baseline));
    } else {
      baseline.push(await perCall(sides.baseline));
      ours.push(await perCall(sides.ours));
    }
  }
  return { oursUs: median(ours), baselineUs: median(baseline), ratio: pairedRatio(ours, baseline) };
}

/** A report row of a comparison: time per call on each side and their ratio. */
export function callRow(measure: string, comparison: Comparison): Row {
  return {
    measure,
    ours: `${count(comparison.oursUs)} µs`,
    baseline: `${count(comparison.baselineUs)} µs`,
    ratio: comparison.ratio,
  };
}

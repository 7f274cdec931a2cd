/** A target for a ratio: "≥ 0.6" of the baseline's throughput, or "≤ 1.3" of its latency. */
export interface Target {
  op: ">=" | "<=";
  value: number;
}

export interface Row {
  /** What is measured, e.g. "GET /v1/profiles/:id, req/s". */
  measure: string;
  ours: string;
  baseline: string;
  /** Driftstack ÷ baseline; null where there is no meaningful ratio. */
  ratio: number | null;
  target?: Target;
}

export interface Section {
  title: string;
  /** What the baseline is, in one sentence. */
  baseline: string;
  rows: Row[];
  /** Findings, counts and explanations printed under the table. */
  notes: string[];
  /** Checks that failed (a cap that did not hold, a walk that lost items): listed first under Targets. */
  problems?: string[];
}

export function meets(ratio: number, target: Target): boolean {
  return target.op === ">=" ? ratio >= target.value : ratio <= target.value;
}

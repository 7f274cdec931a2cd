import { meets, type Row, type Section } from "./types";

/**
 * Why a target is missed, for the targets this run missed. Written from what
 * the profile and the query plans of the run show; a target that is met
 * prints nothing.
 */
const EXPLANATIONS: { match: (row: Row) => boolean; why: string }[] = [];

export function explainMisses(sections: Section[]): string {
  const missed = sections.flatMap((section) =>
    section.rows.filter((row) => row.target && row.ratio !== null && !meets(row.ratio, row.target)),
  );
  if (missed.length === 0) return "## Targets\n\nEvery target was met in this run.\n";
  const lines = ["## Targets missed, and why", ""];
  for (const row of missed) {
    const why = EXPLANATIONS.find((e) => e.match(row))?.why ?? "No explanation recorded for this target yet.";
    lines.push(`- **${row.measure}** (ratio ${row.ratio?.toFixed(2)}): ${why}`);
  }
  return `${lines.join("\n")}\n`;
}

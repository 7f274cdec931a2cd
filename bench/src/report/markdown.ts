import type { Machine } from "../machine";
import { ratio } from "./format";
import { meets, type Section } from "./types";

function verdict(row: Section["rows"][number]): string {
  if (!row.target) return "";
  const target = `${row.target.op === ">=" ? "≥" : "≤"} ${row.target.value}`;
  if (row.ratio === null || !Number.isFinite(row.ratio)) return target;
  return `${target}: ${meets(row.ratio, row.target) ? "met" : "**missed**"}`;
}

function escapeCell(cell: string): string {
  return cell.replaceAll("|", "\\|");
}

export function renderSection(section: Section): string {
  const lines = [`## ${section.title}`, "", `Baseline: ${section.baseline}`, ""];
  if (section.rows.length > 0) {
    lines.push("| measure | Driftstack | baseline | ratio | target |", "|---|---:|---:|---:|---|");
    for (const row of section.rows) {
      const cells = [row.measure, row.ours, row.baseline, ratio(row.ratio), verdict(row)];
      lines.push(`| ${cells.map(escapeCell).join(" | ")} |`);
    }
    lines.push("");
  }
  for (const note of section.notes) lines.push(`- ${note}`);
  if (section.notes.length > 0) lines.push("");
  return lines.join("\n");
}

export function renderReport(input: {
  machine: Machine;
  smoke: boolean;
  elapsedMs: number;
  sections: Section[];
  findings: string;
  appendix: string;
}): string {
  const { machine } = input;
  const header = [
    "# Driftstack benchmarks",
    "",
    input.smoke
      ? "**Smoke run**: tiny sizes and one round. These figures prove only that every benchmark still runs."
      : "Written by `pnpm bench`. Every ratio is Driftstack ÷ a baseline measured in the same run, the median over rounds that alternate the two sides, so load from other processes on this shared machine hits both.",
    "",
    `- CPU: ${machine.cpu} (${machine.cores} cores), ${machine.memory}`,
    `- Node ${machine.node}, ${machine.os}`,
    `- Date: ${machine.date}; load average ${machine.load.toFixed(2)} when the run started (other work shares this machine)`,
    `- Run time: ${(input.elapsedMs / 1000).toFixed(0)} s`,
    "",
  ];
  return [...header, input.findings, ...input.sections.map(renderSection), input.appendix]
    .join("\n")
    .trimEnd()
    .concat("\n");
}

import { cpus, loadavg, platform, release, totalmem } from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  date: string;
  /** The 1-minute load average when the run started: how busy the shared machine was. */
  load: number;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM`,
    node: process.version,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString().slice(0, 16).replace("T", " ").concat(" UTC"),
    load: loadavg()[0] ?? 0,
  };
}

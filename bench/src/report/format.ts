/** Number formats shared by every section. */

export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function ms(n: number): string {
  if (!Number.isFinite(n)) return "n/a";
  if (n < 1) return `${n.toFixed(3)} ms`;
  if (n < 100) return `${n.toFixed(2)} ms`;
  return `${count(n)} ms`;
}

export function perSecond(n: number): string {
  return n < 100 ? `${n.toFixed(1)}/s` : `${count(n)}/s`;
}

export function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function ratio(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return "–";
  return n.toFixed(2);
}

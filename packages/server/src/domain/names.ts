export const NAME_MAX = 64;

/** 1–64 characters (code points), none of them whitespace or control characters. */
export const NAME_PATTERN = /^[^\s\p{Cc}]{1,64}$/u;

/** The most auto-derived copies one base name gets before the server gives up with 409. */
export const MAX_COPY_NUMBER = 99;

/**
 * The n-th auto-derived name for a copy of `base`: "<base> (copy)", then
 * "<base> (copy 2)" … "(copy 99)". The base is cut short so the whole stays
 * within NAME_MAX code points.
 */
export function copyName(base: string, n: number): string {
  const suffix = n === 1 ? " (copy)" : ` (copy ${n})`;
  const room = NAME_MAX - suffix.length;
  const chars = [...base];
  return (chars.length > room ? chars.slice(0, room).join("") : base) + suffix;
}

/** Every name `copyName` can give `base`, in the order they are tried. */
export function copyNames(base: string): string[] {
  return Array.from({ length: MAX_COPY_NUMBER }, (_, i) => copyName(base, i + 1));
}

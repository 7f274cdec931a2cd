/**
 * Calls `onGone` once `parent`, the process that started this one (its
 * `process.ppid` read early, so a parent that dies during startup counts),
 * has exited, told by `process.ppid` changing (the orphan is handed to init or a subreaper).
 * pnpm 12 does not pass SIGTERM on to the script it runs: stopped, it exits
 * and leaves its child running. Node cannot ask the kernel for a signal on
 * the parent's death (prctl's PDEATHSIG), so this polls: one cheap syscall
 * every `everyMs`, on a timer that never keeps the process alive by itself.
 */
export function watchParent(parent: number, onGone: () => void, everyMs = 250): () => void {
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

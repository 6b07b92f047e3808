/**
 * What the worker process sets up before anything else loads (child.ts imports it first): until
 * these handlers exist, a Ctrl-C at the terminal, which reaches the whole process group, would kill
 * the child while it is still loading the pool, and a supervisor that died would leave it behind.
 */

// Interrupts are the supervisor's to handle: it decides when files in flight stop.
process.on('SIGINT', ignore);
process.on('SIGTERM', ignore);
// Orphaned (the supervisor died): leave at once and silently; the user's terminal is not ours to
// write to any more. exit() would wait for libvips work in progress.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));

/** Does nothing: for the interrupts above and for a send that failed (see sendToParent). */
function ignore(): void {
  // deliberately empty
}

/**
 * Sends to the supervisor when it is still there. A failure (EPIPE: it was killed) is not reported:
 * 'disconnect' follows, and this process leaves.
 */
export function sendToParent(message: unknown): void {
  if (process.connected) process.send?.(message, undefined, {}, ignore);
}

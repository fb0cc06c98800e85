import type { ChildProcess } from 'node:child_process';

export const ended = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/**
 * Sends `signal` to a child that still runs and waits until it has exited; one that is still there after
 * `graceMs` gets SIGKILL.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (ended(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
  child.kill(signal);
  await exited;
  clearTimeout(force);
}

/** The platform fakes in a child process (bench/publish/fakes-child.ts), asked for their counters over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeUrls } from './harness.js';

/** What the fakes have seen so far. */
export interface FakeCounts {
  wechatPublished: number;
  weiboPosted: number;
  /** Calls per endpoint of either fake. */
  calls: [string, number][];
}

export type FakesRequest = { type: 'counts'; id: number } | { type: 'close' };
export type FakesReply =
  { type: 'ready'; urls: FakeUrls } | { type: 'counts'; id: number; counts: FakeCounts };

export interface RemoteFakes {
  urls: FakeUrls;
  /** The child's pid, for its CPU time. */
  pid: number;
  counts(): Promise<FakeCounts>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./fakes-child.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/** Starts the fakes (every platform call answered after `latencyMs`) in a child process. */
export async function startFakesProcess(latencyMs: number): Promise<RemoteFakes> {
  const child = fork(CHILD, [String(latencyMs)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const urls = await whenReady(child);
  const waiting = new Map<number, (counts: FakeCounts) => void>();
  child.on('message', (reply: FakesReply) => {
    if (reply.type !== 'counts') return;
    waiting.get(reply.id)?.(reply.counts);
    waiting.delete(reply.id);
  });
  let next = 0;
  return {
    urls,
    pid: child.pid ?? -1,
    counts: () =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        child.send({ type: 'counts', id } satisfies FakesRequest);
      }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close' } satisfies FakesRequest);
      await exited;
    },
  };
}

function whenReady(child: ChildProcess): Promise<FakeUrls> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fakes did not start')), READY_TIMEOUT_MS);
    child.once('message', (reply: FakesReply) => {
      clearTimeout(timer);
      if (reply.type === 'ready') resolve(reply.urls);
      else reject(new Error(`the fakes answered ${reply.type} before ready`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fakes exited with ${code}`));
    });
  });
}

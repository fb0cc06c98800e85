/**
 * The benchmark's child processes: `qianfa serve` (with its embedded redis-server) and a bare Express "hello",
 * each in its own Node process so autocannon does not share their event loop. Also CPU time per process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { leaseFile } from '../../src/adapters/redis/shared-embedded-redis.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Generous: `qianfa serve` compiles TypeScript through tsx and forks a process per core; a loaded machine is slow. */
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;

export interface Child {
  name: string;
  process: ChildProcess;
  url: string;
  output: () => string;
  /**
   * SIGTERM, then SIGKILL if it has not exited within STOP_TIMEOUT_MS. Resolves once it has exited, with
   * how it ended; `killed` means it ignored or did not finish after SIGTERM.
   */
  stop(): Promise<'exited' | 'killed'>;
}

export interface Qianfa extends Child {
  adminToken: string;
  /** The embedded redis-server, from the data directory's lease file. */
  redis: { pid: number; url: string };
}

/**
 * `node --import tsx src/cli/main.ts serve` on a free port with its own redis-server under `dataDir`.
 * BENCH_CPU_PROF=DIR adds `--cpu-prof` (a .cpuprofile in DIR when it stops; the figures suffer).
 */
export async function startQianfa(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Qianfa> {
  // The loopback webhook receiver every person's channel points at is allowed explicitly (egress policy).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    QIANFA_DATA_DIR: dataDir,
    QIANFA_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    ...extraEnv,
  };
  delete env.REDIS_URL;
  delete env.HOST;
  const profile = process.env.BENCH_CPU_PROF;
  const args = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), 'src/cli/main.ts', 'serve'];
  const child = await spawnUntil('qianfa serve', args, env, /已启动：(http:\/\/127\.0\.0\.1:\d+)（/);
  const adminToken = /令牌（只显示这一次，请妥善保存）：(qf_[\w-]{43})/.exec(child.output())?.[1];
  if (adminToken === undefined) {
    await child.stop();
    throw new Error(`qianfa serve printed no admin token (data directory not fresh?):\n${child.output()}`);
  }
  const lease = JSON.parse(readFileSync(leaseFile(dataDir), 'utf8')) as { pid: number; url: string };
  return {
    ...child,
    adminToken,
    redis: { pid: lease.pid, url: lease.url },
    stop: async () => {
      const ended = await child.stop();
      // qianfa stops its redis-server on SIGTERM; only a SIGKILLed qianfa can leave it behind.
      if (isAlive(lease.pid)) process.kill(lease.pid, 'SIGKILL');
      return ended;
    },
  };
}

/** bench/api/hello-server.ts: `express()` with one GET route. */
export function startHello(): Promise<Child> {
  return spawnUntil(
    'express hello',
    ['bench/api/hello-server.ts'],
    process.env,
    /listening (http:\/\/127\.0\.0\.1:\d+)/,
  );
}

function spawnUntil(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Child> {
  const flags = args.filter((arg) => arg.startsWith('--'));
  const script = args.filter((arg) => !arg.startsWith('--'));
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', ...script], { cwd: ROOT, env });
  let text = '';
  const collect = (chunk: Buffer): void => {
    if (text.length < 100_000) text += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let killed = false;
  const stop = async (): Promise<'exited' | 'killed'> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    return killed ? 'killed' : 'exited';
  };
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      void stop().then(() => reject(new Error(`${name} did not start in time:\n${text}`)));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', () => {
      const url = ready.exec(text)?.[1];
      // Once given up on, it is being stopped: a late "started" line must not count as a start.
      if (url === undefined || gaveUp) return;
      clearTimeout(timer);
      resolve({ name, process: child, url, output: () => text, stop });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${text}`));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * User + system CPU time so far, in ms, from Linux /proc: of a process (with its threads), of the bench
 * process itself (`self`), or of the whole machine (`machine`: every core's non-idle time, including
 * processes not watched here, such as redis-server's AOF rewrite children or someone else's build).
 */
export function cpuMs(pid: CpuSource): number {
  if (typeof pid === 'object') return treeCpuMs(pid);
  if (pid === 'self') {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  if (pid === 'machine') {
    // cpu user nice system idle iowait irq softirq steal …
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (
      (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) /
      CLOCK_TICKS
    );
  }
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS = 100;

/**
 * A process and its live descendants, less the subtrees of `except`: `qianfa serve` forks one service process
 * per core (its own pid does little but supervise) and starts redis-server, which is measured on its own.
 */
export type ProcessTree = { tree: number; except: number[] };
export type CpuSource = number | 'self' | 'machine' | ProcessTree;
export type CpuProbe = Record<string, CpuSource>;

/** CPU time of a process tree: processes that ended during a run are lost (the service's do not end). */
function treeCpuMs({ tree, except }: ProcessTree): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const skipped = new Set(except);
  let total = 0;
  const pending = [tree];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (skipped.has(pid)) continue;
    const own = cpuMs(pid);
    if (!Number.isNaN(own)) total += own;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // ended while listed
  }
}

/** CPU time (ms) each process spends while `work` runs, and as a share of one core over the elapsed time. */
export async function measureCpu<T>(
  pids: CpuProbe,
  work: () => Promise<T>,
): Promise<{ value: T; cpuMs: Record<string, number>; cores: Record<string, number> }> {
  const names = Object.keys(pids);
  const before = names.map((name) => cpuMs(pids[name]!));
  const started = performance.now();
  const value = await work();
  const elapsed = performance.now() - started;
  const used = names.map((name, i) => cpuMs(pids[name]!) - before[i]!);
  return {
    value,
    cpuMs: Object.fromEntries(names.map((name, i) => [name, used[i]!])),
    cores: Object.fromEntries(names.map((name, i) => [name, used[i]! / elapsed])),
  };
}

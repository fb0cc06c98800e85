/**
 * The benchmark's child processes: `qianfa serve` (with its embedded redis-server) and a bare Express "hello",
 * each in its own Node process so autocannon does not share their event loop. Also CPU time per process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { leaseFile } from '../../src/adapters/redis/shared-embedded-redis.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Generous: `qianfa serve` may fork processes and starts a thread pool in each; a loaded machine is slow. */
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
 * What is measured, BENCH_FROM: `dist` (default), the service as installed (the `qianfa` bin, dist/cli/main.js,
 * compiled by tsc) and the Express peer compiled alike, in plain Node; `src`, both run from their TypeScript
 * sources through tsx (what the benchmark measured before; tsx's loader is in the process).
 */
const FROM = process.env.BENCH_FROM === 'src' ? 'src' : 'dist';
const SERVICE_ENTRY_BUILT = 'dist/cli/main.js';
const SERVICE_ENTRY = { dist: SERVICE_ENTRY_BUILT, src: 'src/cli/main.ts' }[FROM];
const TSX = FROM === 'src' ? ['--import', 'tsx'] : [];

/** One line saying what runs, once the build is known to be current (built now when it was not). */
let built: string | undefined;

/**
 * With BENCH_FROM=dist, builds dist/ when it is missing or older than a file of src/ (see currentDist), and
 * answers what the benchmark runs, for its output.
 */
export function serviceBuild(): string {
  if (built !== undefined) return built;
  if (FROM === 'src') return (built = 'qianfa from src/ through tsx (BENCH_FROM=src), the Express peer too');
  const runs = `node ${SERVICE_ENTRY} serve (the installed \`qianfa\` bin) and the Express peer compiled alike`;
  return (built = `${runs}; ${currentDist()}`);
}

/**
 * Builds dist/ (`tsc -p tsconfig.build.json`, as `npm install` does through `prepare`) when it is missing or older
 * than a file of src/, and says which it was.
 */
export function currentDist(): string {
  const entry = join(ROOT, SERVICE_ENTRY_BUILT);
  const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const newer = newestFile(join(ROOT, 'src'));
  if (builtAt >= newer.mtimeMs) return 'dist/ is newer than every file of src/';
  const why = builtAt === 0 ? 'dist/ missing' : `${relative(ROOT, newer.path)} changed after dist/ was built`;
  const started = performance.now();
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  return `built first (${why}): tsc -p tsconfig.build.json, ${seconds} s`;
}

/** Node's arguments for `qianfa <command>` as BENCH_FROM says (built first when dist/ is not current). */
export function qianfaCommand(command: string): string[] {
  serviceBuild();
  return [...TSX, SERVICE_ENTRY, command];
}

/** The most recently modified file under `dir`. */
function newestFile(dir: string): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(path);
    if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest;
}

/** What `qianfa serve` prints once it listens (its URL), and the first admin's token on a fresh data directory. */
export const STARTED_LINE = /已启动：(http:\/\/127\.0\.0\.1:\d+)（/;
export const ADMIN_TOKEN_LINE = /令牌（只显示这一次，请妥善保存）：(qf_[\w-]{43})/;

/**
 * `qianfa serve` (see BENCH_FROM) on a free port with its own redis-server under `dataDir`.
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
  const args = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), ...qianfaCommand('serve')];
  const child = await spawnUntil('qianfa serve', args, env, STARTED_LINE);
  const adminToken = ADMIN_TOKEN_LINE.exec(child.output())?.[1];
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

const HELLO = 'bench/api/hello-server.ts';

/**
 * bench/api/hello-server.ts: `express()` with a GET and a POST route. With BENCH_FROM=dist it runs as JavaScript
 * (the file compiled in memory, given to `node --eval`), so that neither side of the ratio pays for tsx.
 */
export function startHello(): Promise<Child> {
  const source = readFileSync(join(ROOT, HELLO), 'utf8');
  const compiled = () =>
    ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
  const args = FROM === 'src' ? [...TSX, HELLO] : ['--input-type=module', '--eval', compiled()];
  return spawnUntil('express hello', args, process.env, /listening (http:\/\/127\.0\.0\.1:\d+)/);
}

/** How a child is run when not as `node <args>` with the defaults above. */
export interface SpawnOptions {
  /** The program (default: this Node); `valgrind`, say, with node and its script among `args`. */
  command?: string;
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
}

/** Output kept of a child: its first and its last this many characters (its start and how it ended). */
const KEPT_OUTPUT = 50_000;

/** Starts `args` and resolves once its output matches `ready` (the URL is the first group). */
export function spawnUntil(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  options: SpawnOptions = {},
): Promise<Child> {
  const { command = process.execPath, startTimeoutMs = START_TIMEOUT_MS } = options;
  const child = spawn(command, args, { cwd: ROOT, env });
  const output = keptOutput(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let killed = false;
  const stop = async (): Promise<'exited' | 'killed'> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, options.stopTimeoutMs ?? STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    return killed ? 'killed' : 'exited';
  };
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      void stop().then(() => reject(new Error(`${name} did not start in time:\n${output()}`)));
    }, startTimeoutMs);
    const started = () => {
      const url = ready.exec(output())?.[1];
      // Once given up on, it is being stopped: a late "started" line must not count as a start.
      if (url === undefined || gaveUp) return;
      clearTimeout(timer);
      child.stdout.off('data', started);
      child.stderr.off('data', started);
      resolve({ name, process: child, url, output, stop });
    };
    child.stdout.on('data', started);
    child.stderr.on('data', started);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${output()}`));
    });
  });
}

/** The child's stdout and stderr as they arrive: the first and last KEPT_OUTPUT characters of them. */
function keptOutput(child: ChildProcess): () => string {
  let head = '';
  let tail = '';
  let dropped = false;
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    if (head.length < KEPT_OUTPUT) {
      head += text;
      return;
    }
    tail += text;
    if (tail.length > 2 * KEPT_OUTPUT) {
      tail = tail.slice(-KEPT_OUTPUT);
      dropped = true;
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => (dropped ? `${head}\n…\n${tail.slice(-KEPT_OUTPUT)}` : head + tail);
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

/**
 * The command lines the service's processes run (redis-server left out), counted: `2 × node dist/cli/main.js
 * serve` shows that no process loads TypeScript (Node 20 cannot: a `.ts` module, the check pool's thread entry
 * among them, would fail the start).
 */
export function processesOf(service: Qianfa): string {
  const counted = new Map<string, number>();
  for (const pid of treePids({ tree: service.process.pid!, except: [service.redis.pid] })) {
    const line = commandLine(pid);
    if (line !== undefined) counted.set(line, (counted.get(line) ?? 0) + 1);
  }
  return [...counted].map(([line, n]) => `${n} × ${line}`).join(', ');
}

/** `node ARGS…` with the Node binary's path shortened; undefined once the process ended. */
function commandLine(pid: number): string | undefined {
  try {
    const [, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return ['node', ...args.map((arg) => (arg.startsWith(ROOT) ? relative(ROOT, arg) : arg))].join(' ');
  } catch {
    return undefined;
  }
}

/** CPU time of a process tree: processes that ended during a run are lost (the service's do not end). */
function treeCpuMs(tree: ProcessTree): number {
  let total = 0;
  for (const pid of treePids(tree)) {
    const own = cpuMs(pid);
    if (!Number.isNaN(own)) total += own;
  }
  return total;
}

/** The live processes of a tree, less the subtrees of `except`. */
function treePids({ tree, except }: ProcessTree): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const skipped = new Set(except);
  const pids: number[] = [];
  const pending = [tree];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (skipped.has(pid)) continue;
    pids.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return pids;
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

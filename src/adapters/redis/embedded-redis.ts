import { stderrLogger } from '../logging/pino-logger.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

export interface EmbeddedRedisOptions {
  /** qianfa's data directory; Redis keeps its AOF in `<dataDir>/redis`. */
  dataDir: string;
  /** Port to bind on 127.0.0.1; a free one when absent. */
  port?: number;
  /** The executable; `redis-server` from PATH unless a test says otherwise. */
  command?: string;
  /**
   * Password clients must send (AUTH). Passed on stdin as config, not as an argument, so `ps` does not show it.
   * Without one, any local user could connect to the port.
   */
  password?: string;
  /**
   * Load `dump.rdb` from the directory and keep no AOF (`qianfa restore` reads a backup this way); with an AOF
   * on, Redis would ignore the snapshot.
   */
  snapshotOnly?: boolean;
}

export interface EmbeddedRedis {
  url: string;
  pid: number;
  /** Shuts Redis down (SIGTERM: it fsyncs the AOF and exits) and waits for the process to end. */
  stop(): Promise<void>;
  /** Resolves when the process has ended, however it ended, saying how (`exit code 1`, `signal SIGKILL`). */
  exited: Promise<string>;
}

/** Raised when redis-server is not installed; the message says what to install. */
export class RedisServerMissingError extends Error {
  override readonly name = 'RedisServerMissingError';
  constructor(command: string, options?: ErrorOptions) {
    super(
      `找不到 ${command}：未设置 REDIS_URL 时，qianfa 需要本机安装 Redis 7（redis-server）。` +
        'Debian/Ubuntu 请运行 sudo apt-get install redis-server，macOS 请运行 brew install redis；' +
        '或设置 REDIS_URL 指向已有的 Redis。',
      options,
    );
  }
}

/** Raised when redis-server started but exited or never answered PING. */
export class EmbeddedRedisError extends Error {
  override readonly name = 'EmbeddedRedisError';
}

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;

/** The directory the embedded Redis writes to. */
export const embeddedRedisDir = (dataDir: string): string => join(dataDir, 'redis');

/**
 * Starts a private redis-server on 127.0.0.1 with AOF and `appendfsync always` (an acknowledged write is on
 * disk), no config file and no RDB snapshots. Resolves once it answers PING.
 */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  const dir = embeddedRedisDir(options.dataDir);
  await mkdir(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const command = options.command ?? 'redis-server';
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
    ...(options.snapshotOnly ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always']),
    ...['--save', ''],
    ...['--daemonize', 'no', '--protected-mode', 'yes', '--logfile', ''],
  ];
  const { password } = options;
  // Own process group: Ctrl-C reaches qianfa, which then stops Redis after the HTTP server has drained.
  const child = spawn(command, password ? ['-', ...args] : args, {
    stdio: [password ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // A redis-server that dies before reading its password breaks this pipe; its exit is what gets reported.
  child.stdin?.on('error', (error) =>
    stderrLogger().warn('redis-server stdin closed', { error: error.message }),
  );
  child.stdin?.end(`requirepass ${password}\n`);
  const output = collectOutput(child);
  await waitUntilReady(child, port, command, output, password);
  // Safety net: if this process exits without stop() (process.exit on EPIPE, an uncaught error), Redis still
  // gets SIGTERM, which makes it fsync and exit by itself instead of living on as an orphan.
  const onExit = (): void => void child.kill('SIGTERM');
  process.once('exit', onExit);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', onExit);
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    }),
  );
  const stop = async (): Promise<void> => {
    await stopChild(child);
    process.off('exit', onExit);
  };
  const auth = password ? `:${password}@` : '';
  return { url: `redis://${auth}127.0.0.1:${port}`, pid: child.pid!, stop, exited };
}

/** A port that was free a moment ago (the kernel picks it; redis-server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function collectOutput(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text.trim().split('\n').slice(-5).join('\n');
}

function waitUntilReady(
  child: ChildProcess,
  port: number,
  command: string,
  output: () => string,
  password: string | undefined,
) {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve();
    };
    const onExit = (code: number | null): void =>
      finish(new EmbeddedRedisError(`redis-server 启动失败（退出码 ${code}）：${output()}`));
    child.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ENOENT' ? new RedisServerMissingError(command, { cause: error }) : error),
    );
    child.once('exit', onExit);
    const timer = setTimeout(
      () =>
        finish(new EmbeddedRedisError(`redis-server 在 ${READY_TIMEOUT_MS / 1000} 秒内未就绪：${output()}`)),
      READY_TIMEOUT_MS,
    );
    const poll = (): void => {
      if (settled) return;
      void answersPing(port, password).then((ready) => (ready ? finish() : setTimeout(poll, 50)));
    };
    poll();
  });
}

/** One raw PING over TCP (after AUTH when a password is given); no client library while Redis is starting. */
export function answersPing(port: number, password?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ready: boolean): void => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(`${password ? `AUTH ${password}\r\n` : ''}PING\r\n`));
    socket.on('data', (data) => {
      reply += data.toString('utf8');
      if (reply.includes('+PONG')) done(true);
      else if (reply.includes('-')) done(false);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
    child.kill('SIGCONT'); // a stopped (hung) redis-server handles the SIGTERM only once it runs again
  });
}

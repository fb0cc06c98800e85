import { z } from 'zod';
import { DEFAULT_WORDLISTS_DIR, DEFAULT_WORKFLOWS_DIR } from '../package-dirs.js';

const port = z
  .string()
  .regex(/^\d{1,5}$/, '须为 0–65535 之间的整数')
  .transform(Number)
  .pipe(z.number().max(65535, '须为 0–65535 之间的整数'));

const nonEmpty = z.string().min(1, '不能为空');

/**
 * Every environment variable qianfa reads, with its default and a one-line description.
 * `docs/service.md` lists the same keys; keep them in step.
 */
export const configSchema = z.object({
  PORT: port.default(8080).describe('HTTP port; 0 picks a free port (the chosen one is printed).'),
  HOST: nonEmpty
    .default('127.0.0.1')
    .describe('Address to listen on. Loopback by default; set 0.0.0.0 behind a reverse proxy or firewall.'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, '须以 redis:// 或 rediss:// 开头')
    .optional()
    .describe('Redis to use. Absent: qianfa starts its own redis-server under QIANFA_DATA_DIR/redis.'),
  QIANFA_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/, '只能包含字母、数字、_ : . -')
    .default('qianfa:')
    .describe('Prefix of every Redis key, so several installations can share one Redis.'),
  QIANFA_DATA_DIR: nonEmpty
    .default('./data')
    .describe('Data directory; the embedded Redis keeps its AOF in <dir>/redis.'),
  QIANFA_WORDLISTS_DIR: nonEmpty
    .default(DEFAULT_WORDLISTS_DIR)
    .describe("Word lists for the checker; defaults to the package's wordlists/."),
  QIANFA_SECRET_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, '须为 32 字节的密钥：64 位十六进制或 44 位 base64')
    .optional()
    .describe(
      'Key (32 bytes, hex or base64) that encrypts platform secrets at rest. Absent: <QIANFA_DATA_DIR>/secret.key, created on first use (mode 0600).',
    ),
  QIANFA_WORKFLOWS_DIR: nonEmpty
    .default(DEFAULT_WORKFLOWS_DIR)
    .describe("Sign-off workflows and tail templates; defaults to the package's workflows/."),
});

export type ConfigInput = z.input<typeof configSchema>;

/** Configuration as the rest of qianfa sees it: typed, defaulted, paths absolute. */
export interface Config {
  port: number;
  host: string;
  /** Absent: use the embedded redis-server. */
  redisUrl: string | undefined;
  redisPrefix: string;
  dataDir: string;
  /** Absent: the key file under `dataDir`. */
  secretKey: Buffer | undefined;
  wordlistsDir: string;
  workflowsDir: string;
}

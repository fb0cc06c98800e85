import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { RedisClient } from '../../adapters/redis/redis-client.js';
import { EmbeddedRedisError, RedisServerMissingError } from '../../adapters/redis/embedded-redis.js';
import { RedisUnavailableError } from '../../adapters/redis/redis-connection.js';
import { SecretBoxError } from '../../adapters/crypto/secret-box.js';
import { WorkflowsError } from '../../adapters/files/read-workflows.js';
import { SecretKeyFileError } from '../../adapters/files/secret-key-file.js';
import { WordlistError } from '../../create-checker.js';
import type { Config } from '../../config/config-schema.js';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { createAuditLogOn, createPeopleServiceOn } from '../../composition.js';
import { auditedPeople, cliRecorder, type AuditRecorder } from '../../services/audit-service.js';
import { ListenError, openRedis } from '../../server.js';
import type { PeopleService } from '../../services/people-service.js';
import { ERROR_REGISTRY, EXIT } from '../../errors/error-registry.js';
import type { ServiceError } from '../../errors/service-error.js';
import { errorMessageFor } from '../../messages/error-messages.js';

export { EXIT };

/** A service's refusal: its Chinese text and the exit code the error registry gives its code. */
export function refusalOf(error: ServiceError): CommandExit {
  return new CommandExit(errorMessageFor(error), ERROR_REGISTRY[error.code].exit);
}

export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Environment for loadConfig; the real one when absent. */
  env?: NodeJS.ProcessEnv;
}

/** A command that writes files' bytes (XLSX, PDF) to stdout when no `--out` is given. */
export type BinaryOutputIo = CommandIo & { stdout: { write(text: string | Uint8Array): unknown } };

export const processIo = (): CommandIo => ({ stdout: process.stdout, stderr: process.stderr });

/** A wrong command line; reported with the command's usage, exit 2. */
export class CommandUsageError extends Error {
  override readonly name = 'CommandUsageError';
}

/** The usage error for a sub-command that is missing or not one of the command's. */
export function unknownSubcommand(sub: string | undefined): CommandUsageError {
  return new CommandUsageError(sub === undefined ? '缺少子命令' : `未知子命令“${sub}”`);
}

/** Refuses arguments a command does not take (it takes options only). */
export function refuseExtraArguments(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new CommandUsageError(`多余的参数“${positionals[0]}”`);
}

/** An expected failure already explained in `message` (one line), with its exit code. */
export class CommandExit extends Error {
  override readonly name = 'CommandExit';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

type Options = Record<string, { type: 'string' | 'boolean' }>;

/** node:util parseArgs with strict options, its errors turned into Chinese usage errors. */
export function parseCommandArgs(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const option = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CommandUsageError(`未知选项“${option}”`);
    throw new CommandUsageError(`选项“${option}”的值无效`);
  }
}

export function optionalString(value: string | boolean | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  return requireString(value, option);
}

export function requireString(value: string | boolean | undefined, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CommandUsageError(`缺少 --${option}`);
  return value;
}

/**
 * Runs a command body and maps what it throws to one stderr line and an exit code:
 * usage 2, refused 1, configuration or environment (including a missing redis-server) 3, a bug 70.
 */
export async function runCommand(io: CommandIo, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const [line, code] = describe(error, usage);
    io.stderr.write(`qianfa: ${line}\n`);
    return code;
  }
}

function describe(error: unknown, usage: string): [string, number] {
  if (error instanceof CommandUsageError) return [`${error.message}。用法：${usage}`, EXIT.usage];
  if (error instanceof CommandExit) return [error.message, error.exitCode];
  if (error instanceof ConfigError) return [error.message, EXIT.config];
  if (
    error instanceof RedisServerMissingError ||
    error instanceof EmbeddedRedisError ||
    error instanceof RedisUnavailableError ||
    error instanceof ListenError ||
    error instanceof WorkflowsError ||
    error instanceof SecretKeyFileError ||
    error instanceof SecretBoxError
  ) {
    return [error.message, EXIT.config];
  }
  if (error instanceof WordlistError) {
    return [`词表有误（${error.dir}）：${error.problems.join('；')}`, EXIT.config];
  }
  return [`内部错误，请报告：${error instanceof Error ? error.stack : String(error)}`, EXIT.internal];
}

/** All of stdin as text (secrets and passwords are read from there, never from argv). */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Loads the configuration from the command's environment. */
export function configOf(io: CommandIo): Config {
  return io.env ? loadConfig(io.env) : loadConfig();
}

/** Opens Redis (REDIS_URL, or the embedded one) around one piece of work, and closes it after. */
export async function withRedis<T>(config: Config, work: (client: RedisClient) => Promise<T>): Promise<T> {
  const redis = await openRedis(config);
  try {
    return await work(redis.client);
  } finally {
    await redis.close();
  }
}

/** The people service for a command: every change it makes is audited as `cli` with the OS user. */
export function withPeopleService<T>(
  config: Config,
  work: (people: PeopleService) => Promise<T>,
): Promise<T> {
  return withRedis(config, (client) =>
    work(auditedPeople(createPeopleServiceOn(client, config), cliRecorderOn(client, config))),
  );
}

/** Records in the trail what a command changed, as `cli` with the OS user who ran it. */
export function cliRecorderOn(client: RedisClient, config: Config): AuditRecorder {
  return cliRecorder(createAuditLogOn(client, config), osUser());
}

/** Who ran the command, as the audit trail names them beside actor `cli`. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown'; // no passwd entry for this uid (some containers)
  }
}

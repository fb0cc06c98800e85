import { randomBytes } from 'node:crypto';
import { keysOn, type RedisClient } from '../adapters/redis/redis-client.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import { RedisRegisterStore } from '../adapters/redis/redis-register-store.js';
import type { RegisterStore } from '../services/ports/register.js';
import type { OperatorOf } from '../services/gateway/credential-auth.js';
import { SecretBox } from '../adapters/crypto/secret-box.js';
import { loadWorkflows } from '../adapters/files/read-workflows.js';
import { readOrCreateSecretKey } from '../adapters/files/secret-key-file.js';
import { RedisAccountStore } from '../adapters/redis/redis-account-store.js';
import { RedisAuditLog } from '../adapters/redis/redis-audit-log.js';
import { RedisGatewayCredentialStore } from '../adapters/redis/redis-gateway-credential-store.js';
import { RedisCheckSettingsStore } from '../adapters/redis/redis-check-settings-store.js';
import { createCheckSettingsService, type CheckSettingsService } from '../services/check-settings-service.js';
import { RedisPeopleStore } from '../adapters/redis/redis-people-store.js';
import { createCheckPool } from '../adapters/checking/check-pool.js';
import type { CheckingConfig, Config } from '../config/config-schema.js';
import { createChecker } from '../create-checker.js';
import type { WorkflowDefaults } from '../services/ports/workflow-overrides.js';
import { createWorkflowService, type WorkflowService } from '../services/workflow-service.js';
import { RedisWorkflowOverrides } from '../adapters/redis/redis-workflow-overrides.js';
import type { AuditChainWriter } from '../adapters/redis/audit-chain-writer.js';
import { createAccountService, targetStateIn, type AccountService } from '../services/account-service.js';
import { inProcessDraftChecker, type DraftChecker } from '../services/draft-checker.js';
import {
  createGatewayCredentialService,
  type GatewayCredentialService,
} from '../services/gateway-credential-service.js';
import { createPeopleService, type PeopleService } from '../services/people-service.js';
import type { AuditLog } from '../services/ports/audit.js';
import { type Clock, systemClock } from '../domain/clock.js';

/** The one place that builds the people service on a Redis client. */
export function createPeopleServiceOn(
  client: RedisClient,
  config: Pick<Config, 'redisPrefix'>,
): PeopleService {
  return createPeopleService(new RedisPeopleStore(client, keysOn(client, config.redisPrefix)));
}

/** The audit log alone (for CLI commands that only read or verify the trail). */
export function createAuditLogOn(client: RedisClient, config: Pick<Config, 'redisPrefix'>): AuditLog {
  return new RedisAuditLog(client, keysOn(client, config.redisPrefix));
}

/** The key that seals platform secrets: QIANFA_SECRET_KEY, or the data directory's key file. */
export async function secretKeyOf(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<Buffer> {
  return config.secretKey ?? readOrCreateSecretKey(config.dataDir);
}

/** The one place that builds the account service on a Redis client. */
export function createAccountServiceOn(
  client: RedisClient,
  config: Pick<Config, 'redisPrefix'>,
  secretKey: Buffer,
): AccountService {
  const keys = keysOn(client, config.redisPrefix);
  return createAccountService({
    accounts: new RedisAccountStore(client, keys),
    people: new RedisPeopleStore(client, keys),
    sealer: new SecretBox(secretKey),
    now: () => new Date(),
  });
}

/** The gateway credential service on a Redis client, for the CLI (`qianfa gateway`). */
export function createGatewayCredentialServiceOn(
  client: RedisClient,
  config: Pick<Config, 'redisPrefix' | 'gateway'>,
  /** The service's shared audit log and clock, when built with the others. */
  shared: { audit?: AuditLog; now?: Clock } = {},
): GatewayCredentialService {
  const keys = keysOn(client, config.redisPrefix);
  const accounts = new RedisAccountStore(client, keys);
  return createGatewayCredentialService({
    store: new RedisGatewayCredentialStore(client, keys),
    // Only whether the account exists and is in use: granting never needs to open its sealed secret.
    accounts: { targetState: (org, target) => targetStateIn(accounts, org, target) },
    people: new RedisPeopleStore(client, keys),
    audit: shared.audit ?? new RedisAuditLog(client, keys),
    now: shared.now ?? systemClock,
    tokenTtlSeconds: config.gateway.tokenTtlSeconds,
    operatorOf: registerOperatorOf(new RedisRegisterStore(client, keys)),
  });
}

/**
 * What the review service needs from the data folders, read and validated once at start-up. Whoever loads it
 * closes `checker` once the services built on it are closed.
 */
export interface ReviewData {
  checker: DraftChecker;
  /** The workflows as the files give them (admins' overrides in Redis win: createServices). */
  workflows: WorkflowDefaults;
}

/**
 * Reads word lists and workflows; throws WordlistError or WorkflowsError listing every problem. With `checking`,
 * checks run on a pool of worker threads within a time budget (the service); without, on the calling thread
 * (`qianfa worker`, which checks nothing, and tests where the pool is not the point).
 */
export async function loadReviewData(
  config: Pick<Config, 'wordlistsDir' | 'workflowsDir'>,
  checking?: CheckingConfig,
): Promise<ReviewData> {
  const { wordlistsDir } = config;
  // Workflows first: a pool started before they failed would be left running.
  const workflows = await loadWorkflows(config.workflowsDir);
  const checker = checking
    ? await createCheckPool({ wordlistsDir, ...checking })
    : inProcessDraftChecker(await createChecker({ wordlistsDir }));
  return { checker, workflows };
}

/** 72 random bits: 12 URL-safe characters. */
const DRAFT_ID_BYTES = 9;

/**
 * The random bytes of draft ids, drawn 256 ids at a time: one randomBytes call costs about 6 µs of CPU (measured
 * on Node 20), a slice of the batch 0.15 µs (Node's randomUUID batches its bytes alike). No byte serves twice.
 */
const idBytes = { batch: Buffer.alloc(0), used: 0 };

/** Draft ids: 12 URL-safe characters (72 random bits), short enough to read out over the phone. */
export function newDraftId(): string {
  if (idBytes.used + DRAFT_ID_BYTES > idBytes.batch.length) {
    idBytes.batch = randomBytes(DRAFT_ID_BYTES * 256);
    idBytes.used = 0;
  }
  const id = idBytes.batch.toString('base64url', idBytes.used, idBytes.used + DRAFT_ID_BYTES);
  idBytes.used += DRAFT_ID_BYTES;
  return id;
}

// --- Organisation check settings (teach): allow entries, sources, false-positive marks, the live check. ---

/** The check settings service on a Redis client; the CLI uses it alone (`qianfa allow`, `qianfa sources`). */
export function checkSettingsOn(
  client: RedisClient,
  config: Pick<Config, 'redisPrefix'>,
  shared: { audit?: AuditLog; now?: Clock } = {},
): CheckSettingsService {
  const keys = keysOn(client, config.redisPrefix);
  return createCheckSettingsService({
    store: new RedisCheckSettingsStore(client, keys),
    people: new RedisPeopleStore(client, keys),
    audit: shared.audit ?? new RedisAuditLog(client, keys),
    now: shared.now ?? systemClock,
    newId: newDraftId,
  });
}

/** The workflows: the files (`files`), the admins' overrides in Redis (stored with their audit entries by `writer`). */
export function workflowServiceOn(
  client: RedisClient,
  keys: RedisKeys,
  files: WorkflowDefaults,
  shared: { writer?: AuditChainWriter; now?: Clock } = {},
): WorkflowService {
  return createWorkflowService({
    files,
    store: new RedisWorkflowOverrides(client, keys, shared.writer),
    orgs: new RedisPeopleStore(client, keys),
    now: shared.now ?? systemClock,
  });
}

/** The outsourced operator the register names for an account (issue 13 point 1). */
function registerOperatorOf(store: RegisterStore): OperatorOf {
  return async (org, target) => (await store.get(org, target))?.details.operator;
}

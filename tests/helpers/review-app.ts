import { recordingLogger, type LogEntry } from './recording-logger.js';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { keysOn, type RedisClient } from '../../src/adapters/redis/redis-client.js';
import request from 'supertest';
import { inject } from 'vitest';
import { connectRedis, pingRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { createServices, loadReviewData, type ReviewData, type Services } from '../../src/composition.js';
import type {
  GatewayConfig,
  NotificationConfig,
  PublishingConfig,
  SecurityConfig,
} from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { verifyChainFrom, type ChainVerification } from '../../src/domain/audit/audit-chain.js';
import type { Target } from '../../src/domain/draft-content.js';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { RedisRefusalTallies } from '../../src/adapters/redis/redis-refusal-tallies.js';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { createGatewayCredentialServiceOn } from '../../src/composition/standalone.js';
import { createRefusalSummaries, LATE_COUNT_GRACE_MS } from '../../src/services/gateway/refusal-summaries.js';
import type { Role } from '../../src/domain/people.js';
import { createApp, type AppDeps } from '../../src/http/create-app.js';
import type { DraftChecker } from '../../src/services/draft-checker.js';
import { DEFAULT_WORDLISTS_DIR, DEFAULT_WORKFLOWS_DIR } from '../../src/package-dirs.js';
import { deleteKeys, randomKeys } from './redis-test-keys.js';

let data: Promise<ReviewData> | undefined;

/** The address links in test messages carry (pages are reached through supertest, not this host). */
export const PUBLIC_URL = 'http://qianfa.test';

/** The real checker and the package's workflows, compiled once per test file. */
export function packageReviewData(): Promise<ReviewData> {
  data ??= loadReviewData({ wordlistsDir: DEFAULT_WORDLISTS_DIR, workflowsDir: DEFAULT_WORKFLOWS_DIR });
  return data;
}

export interface ReviewApp extends Services {
  app: Express;
  redis: RedisClient;
  redisUrl: string;
  keys: RedisKeys;
  /** What the services, workers and HTTP logged. */
  logged: LogEntry[];
  /** Moves the services' clock forward (links expire, delegations end) without sleeping. */
  advanceClock(ms: number): void;
  /** The key sealing account secrets, for a spawned worker to open them too. */
  secretKey: Buffer;
  /** Adds a person to org `cc` (created on first use) and returns their `Authorization` header value. */
  person(name: string, roles: Role[], options?: { outsourced?: boolean; org?: string }): Promise<Auth>;
  verifyAudit(org?: string): Promise<ChainVerification>;
  /**
   * Writes the summaries of the unauthenticated gateway refusals counted so far, as the worker does once their
   * window has ended (without moving this app's clock); returns the summary entries of `org`'s chain.
   */
  refusalSummariesOf(org: string): Promise<AuditEntry[]>;
  /** A gateway credential of org `cc` for `person` on `target`, as `qianfa gateway grant` issues it. */
  grantGateway(target: Target, person: string, days?: number): Promise<{ appid: string; secret: string }>;
  /** Listens on a free loopback port for a real browser; links in messages then point here. */
  listen(): Promise<string>;
  /** Another app on its own Redis connection over the same keys: a second qianfa process, in effect. */
  secondInstance(): Promise<Express>;
  /** A second process's services (own connection, same keys and clock). */
  secondServices(): Promise<Services>;
  /**
   * Stops every instance's services (their background workers write BullMQ keys), leaving Redis and its
   * connections: qianfa stopped, as before a restore.
   */
  stopServices(): Promise<void>;
  /** The app over the same services and connection, with some of its parts replaced (a failing hook, say). */
  appWith(changes: Partial<AppDeps>): Express;
  close(): Promise<void>;
}

export interface Auth {
  id: string;
  name: string;
  header: string;
}

/**
 * Publishing settings for tests: the platforms nowhere unless a test points them at its fakes; fast retries; no
 * release job for scheduled publications unless a test sets `scheduleCheckMs`; a worker's start-up recovery
 * begins at once.
 */
export function testPublishing(overrides: Partial<PublishingConfig> = {}): PublishingConfig {
  return {
    ...loadConfig({}).publishing,
    wechatApiBase: 'http://127.0.0.1:9',
    weiboApiBase: 'http://127.0.0.1:9',
    worker: false,
    backoffMs: 20,
    backoffMaxMs: 200,
    lockMs: 2_000,
    confirmMs: 300,
    platformTimeoutMs: 2_000,
    scheduleCheckMs: undefined,
    // One worker start at a time here: nothing to gather (redis-shared-recovery.test.ts tests the gathering).
    recoveryGatherMs: 0,
    ...overrides,
  };
}

/** The whole HTTP application over the run's real Redis, under a fresh key prefix. */
export async function startReviewApp(
  publishing: Partial<PublishingConfig> = {},
  notifications: Partial<NotificationConfig> = {},
  /** The bypass scan is off unless a test sets `bypassScanMs`. */
  gateway: Partial<GatewayConfig> = {},
  /** Default: the package's checker on the calling thread. The test closes a checker it passes. */
  checker?: DraftChecker,
  /** Default: failed authentications limited far above what any test does, unless it tests the limit. */
  security: Partial<SecurityConfig> = {},
  /** Default: the run's redis-server; a Sentinel or Cluster address for the topology tests. */
  redisUrl: string = inject('redisUrl'),
  /** Default: fresh keys and sealing key; another app's, to open its data where it was moved (another Redis). */
  stored: { prefix: string; secretKey: Buffer } = { prefix: randomKeys().prefix, secretKey: randomBytes(32) },
): Promise<ReviewApp> {
  const { prefix, secretKey } = stored;
  const logger = recordingLogger();
  const config = {
    logger,
    redisPrefix: prefix,
    publishing: testPublishing(publishing),
    // Every message at once unless a test sets a digest window: tests count messages per draft. No reminder
    // patrol job unless a test sets its interval: tests run the patrol themselves, at the clock they set.
    notifications: {
      ...loadConfig({}).notifications,
      digestWindowMs: 0,
      reminderCheckMs: undefined,
      ...notifications,
    },
    gateway: { ...loadConfig({}).gateway, bypassScanMs: undefined, refusalSummaryMs: undefined, ...gateway },
    security: { ...loadConfig({}).security, authFailures: 10_000, ...security },
    publicUrl: () => publicUrl,
  };
  const clock = { offsetMs: 0 };
  let publicUrl = PUBLIC_URL;
  const servers: Server[] = [];
  const opened: { client: RedisClient; services: Services; stopped?: boolean }[] = [];
  const stopServices = async () => {
    for (const instance of opened.filter(({ stopped }) => !stopped)) {
      instance.stopped = true;
      await instance.services.close();
    }
  };
  const build = async () => {
    const client = await connectRedis(redisUrl, logger);
    const data = await packageReviewData();
    const services = await createServices(
      { client, url: redisUrl },
      config,
      checker ? { ...data, checker } : data,
      secretKey,
      () => new Date(Date.now() + clock.offsetMs),
    );
    opened.push({ client, services });
    const pages = { ...services, publicUrl: config.publicUrl };
    const appWith = (changes: Partial<AppDeps> = {}) =>
      createApp({
        ...services,
        pages,
        ping: () => pingRedis(client),
        logger,
        requestLogger: logger,
        ...changes,
      });
    return { services, app: appWith(), appWith };
  };
  const { app, services, appWith } = await build();
  const redis = opened[0]!.client;
  // The services' key names: hash-tagged on a Cluster, as keysOn gives them.
  const keys = keysOn(redis, prefix);
  const orgs = new Set<string>();
  return {
    ...services,
    app,
    redis,
    redisUrl,
    keys,
    logged: logger.entries,
    secretKey,
    advanceClock(ms) {
      clock.offsetMs += ms;
    },
    async person(name, roles, { outsourced = false, org = 'cc' } = {}) {
      if (!orgs.has(org)) {
        await services.people.addOrg({ slug: org, name: `单位${org}` });
        orgs.add(org);
      }
      const issued = await services.people.addPerson({ org, name, roles, outsourced });
      if (!issued.ok) throw new Error(`addPerson ${name}: ${issued.error.code}`);
      return { id: issued.value.person.id, name, header: `Bearer ${issued.value.token}` };
    },
    async grantGateway(target, person, days = 30) {
      const granted = await services.gatewayCredentials.grant({
        org: 'cc',
        target,
        person,
        days,
        grantedBy: 'cli',
      });
      if (!granted.ok) throw new Error(JSON.stringify(granted.error));
      return { appid: granted.value.credential.appid, secret: granted.value.secret };
    },
    async verifyAudit(org = 'cc') {
      const { entries, head, checkpoint } = await services.audit.snapshot(org);
      return verifyChainFrom(
        entries,
        checkpoint,
        head ? { count: head.seq + 1, hash: head.hash } : undefined,
      );
    },
    async refusalSummariesOf(org) {
      const windowMs = config.security.authWindowSeconds * 1000;
      const later = () => new Date(Date.now() + clock.offsetMs + windowMs + LATE_COUNT_GRACE_MS);
      const tallies = new RedisRefusalTallies(redis, keys);
      await createRefusalSummaries({ tallies, now: later, windowMs }).summariseEnded();
      const entries = await services.audit.all(org);
      return entries.filter((entry) => entry.action === 'gateway_refusals_summarised');
    },
    async listen() {
      const server = app.listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      servers.push(server);
      publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return publicUrl;
    },
    appWith,
    async secondInstance() {
      return (await build()).app;
    },
    async secondServices() {
      return (await build()).services;
    },
    stopServices,
    async close() {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      await stopServices();
      await deleteKeys(redis, keys);
      await Promise.all(opened.map(({ client }) => client.quit()));
    },
  };
}

/** supertest calls as one person. */
export function as(app: Express, auth: Auth) {
  return {
    get: (path: string) => request(app).get(path).set('Authorization', auth.header),
    post: (path: string, body: object) =>
      request(app).post(path).set('Authorization', auth.header).send(body),
    put: (path: string, body: object) => request(app).put(path).set('Authorization', auth.header).send(body),
  };
}

/**
 * The gateway's credential service and audit log over a connection to the app's Redis that is lost, as in an
 * outage (the real adapters, failing as ioredis fails them).
 */
export async function gatewayPartsOnLostRedis(t: ReviewApp) {
  const gone = await connectRedis(t.redisUrl);
  gone.disconnect();
  const config = { redisPrefix: t.keys.prefix, gateway: loadConfig({}).gateway };
  return { auth: createGatewayCredentialServiceOn(gone, config), audit: new RedisAuditLog(gone, t.keys) };
}

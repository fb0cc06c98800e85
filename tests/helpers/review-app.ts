import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { inject } from 'vitest';
import { connectRedis, pingRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { verifyChain, type ChainVerification } from '../../src/domain/audit/audit-chain.js';
import type { Role } from '../../src/domain/people.js';
import { createApp } from '../../src/http/create-app.js';
import {
  createAccountServiceOn,
  createPeopleServiceOn,
  createServicesOn,
  loadReviewData,
  type ReviewData,
} from '../../src/server.js';
import { DEFAULT_WORDLISTS_DIR, DEFAULT_WORKFLOWS_DIR } from '../../src/package-dirs.js';
import type { AccountService } from '../../src/services/account-service.js';
import type { AuditLog } from '../../src/services/ports.js';
import { deleteKeys, randomKeys } from './redis-test-keys.js';

let data: Promise<ReviewData> | undefined;

/** The real checker and the package's workflows, compiled once per test file. */
export function packageReviewData(): Promise<ReviewData> {
  data ??= loadReviewData({ wordlistsDir: DEFAULT_WORDLISTS_DIR, workflowsDir: DEFAULT_WORKFLOWS_DIR });
  return data;
}

export interface ReviewApp {
  app: Express;
  redis: Redis;
  keys: RedisKeys;
  audit: AuditLog;
  accounts: AccountService;
  /** Adds a person to org `cc` (created on first use) and returns their `Authorization` header value. */
  person(name: string, roles: Role[], options?: { outsourced?: boolean; org?: string }): Promise<Auth>;
  verifyAudit(org?: string): Promise<ChainVerification>;
  /** Another app on its own Redis connection over the same keys: a second qianfa process, in effect. */
  secondInstance(): Promise<Express>;
  close(): Promise<void>;
}

export interface Auth {
  id: string;
  name: string;
  header: string;
}

/** The whole HTTP application over the run's real Redis, under a fresh key prefix. */
export async function startReviewApp(): Promise<ReviewApp> {
  const keys = randomKeys();
  const config = { redisPrefix: keys.prefix };
  const clients: Redis[] = [];
  const secretKey = randomBytes(32);
  const build = async () => {
    const client = await connectRedis(inject('redisUrl'));
    clients.push(client);
    const people = createPeopleServiceOn(client, config);
    const services = createServicesOn(client, config, await packageReviewData());
    const accounts = createAccountServiceOn(client, config, secretKey);
    const app = createApp({ people, accounts, ...services, ping: () => pingRedis(client) });
    return { people, accounts, ...services, app };
  };
  const { app, people, audit, accounts } = await build();
  const redis = clients[0]!;
  const orgs = new Set<string>();
  return {
    app,
    redis,
    keys,
    audit,
    accounts,
    async person(name, roles, { outsourced = false, org = 'cc' } = {}) {
      if (!orgs.has(org)) {
        await people.addOrg({ slug: org, name: `单位${org}` });
        orgs.add(org);
      }
      const issued = await people.addPerson({ org, name, roles, outsourced });
      if (!issued.ok) throw new Error(`addPerson ${name}: ${issued.error.code}`);
      return { id: issued.value.person.id, name, header: `Bearer ${issued.value.token}` };
    },
    async verifyAudit(org = 'cc') {
      const { entries, head } = await audit.snapshot(org);
      return verifyChain(entries, head ? { count: head.seq + 1, hash: head.hash } : undefined);
    },
    async secondInstance() {
      return (await build()).app;
    },
    async close() {
      await deleteKeys(redis, keys);
      await Promise.all(clients.map((client) => client.quit()));
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

import { keysOn, type RedisClient } from '../adapters/redis/redis-client.js';
import { scryptPasswordHasher } from '../adapters/crypto/scrypt-password-hasher.js';
import { RedisPasswordStore } from '../adapters/redis/redis-desk-logins.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import { redisFailureLimiter } from '../adapters/redis/redis-rate-limiter.js';
import type { Clock } from '../domain/clock.js';
import { createDeskLogins, type DeskLogins } from '../services/desk-session-service.js';
import { RedisSessionStore } from '../adapters/redis/redis-desk-logins.js';
import { RedisOneTimeMarks } from '../adapters/redis/redis-one-time-marks.js';
import { derivedKey } from './keys.js';
import type { ServicesConfig } from './services.js';
import { ACCOUNT_LOCKOUT, createLoginService, type LoginService } from '../services/login-service.js';
import type { PeopleService } from '../services/people-service.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { ChannelStore } from '../services/ports/notifications.js';
import { createWecomLogin, type WecomLogin } from '../services/wecom-login-service.js';
import { WecomClient } from '../adapters/notifications/wecom/wecom-client.js';
import { wecomSignIn } from '../adapters/notifications/wecom/wecom-sign-in.js';
import type { Config } from '../config/config-schema.js';
import { systemClock } from '../domain/clock.js';
import { createPeopleServiceOn, secretKeyOf } from './standalone.js';

/** Password login (scrypt hashes in Redis, lockout per account on rate-limiter-flexible) over the desk's sessions. */
export function loginOn(
  client: RedisClient,
  keys: RedisKeys,
  deps: { people: PeopleService; audit: AuditLog; desk: DeskLogins; now: Clock },
): LoginService {
  return createLoginService({
    ...deps,
    passwords: new RedisPasswordStore(client, keys),
    hasher: scryptPasswordHasher(),
    limiter: redisFailureLimiter(client, { keyPrefix: keys.loginFailureLimit(), ...ACCOUNT_LOCKOUT }),
  });
}

/** The desk's sessions in Redis and its single-use login links (signed with a key of their own). */
export function deskLoginsOn(
  client: RedisClient,
  keys: RedisKeys,
  config: Pick<ServicesConfig, 'notifications'>,
  deps: { secretKey: Buffer; people: Pick<PeopleService, 'getPerson'>; now: Clock },
): DeskLogins {
  const { people, now } = deps;
  return createDeskLogins({
    key: derivedKey(deps.secretKey, 'desk sessions'),
    getPerson: (id) => people.getPerson(id),
    now,
    loginTtlMs: 7 * 24 * 3_600_000,
    sessionTtlMs: 12 * 3_600_000,
    secure: config.notifications.publicUrl?.startsWith('https:') ?? false,
    sessions: new RedisSessionStore(client, now, keys),
    marks: new RedisOneTimeMarks(client, keys),
  });
}

/** Password login for a CLI command: the same stores and keys as the service's (sessions are ended by generation). */
export function loginServiceOn(
  client: RedisClient,
  config: Pick<ServicesConfig, 'notifications' | 'redisPrefix'>,
  deps: { secretKey: Buffer; people: PeopleService; audit: AuditLog; now: Clock },
): LoginService {
  const keys = keysOn(client, config.redisPrefix);
  const desk = deskLoginsOn(client, keys, config, deps);
  return loginOn(client, keys, { ...deps, desk });
}

/** WeCom single sign-on, when the WeCom app is configured and some organisation signs in with it. */
export function wecomLoginOn(
  client: RedisClient,
  keys: RedisKeys,
  config: Pick<ServicesConfig, 'notifications' | 'publishing'>,
  deps: { people: PeopleService; channels: ChannelStore; audit: AuditLog; now: Clock },
): WecomLogin | undefined {
  const { wecom, wecomSso, wecomApiBase } = config.notifications;
  if (!wecom || !wecomSso || wecomSso.orgs.length === 0) return undefined;
  const api = new WecomClient({ baseUrl: wecomApiBase, timeoutMs: config.publishing.platformTimeoutMs });
  const signIn = wecomSignIn({
    ...{ client: api, corpid: wecom.corpid, corpsecret: wecom.secret, agentid: wecom.agentid },
    authorizeBase: wecomSso.authorizeBase,
  });
  const marks = new RedisOneTimeMarks(client, keys);
  return createWecomLogin({ ...deps, signIn, orgs: wecomSso.orgs, marks });
}

// --- The first admin's login link, printed as the service starts (issue 12: `npm start` prints a login URL). ---

/**
 * A fresh single-use login path for the installation's first admin (`default`/`admin`) while they have set no
 * password: links are spent by one use, so each start prints a new one; once the admin has a password, starts
 * print none (no credential in the logs of a running installation).
 */
export async function firstAdminLoginPathOn(
  client: RedisClient,
  config: Pick<Config, 'redisPrefix' | 'secretKey' | 'dataDir' | 'notifications'>,
): Promise<string | undefined> {
  const keys = keysOn(client, config.redisPrefix);
  const people = createPeopleServiceOn(client, config);
  const admin = await people.findPerson('default', 'admin');
  if (!admin || admin.disabled === true) return undefined;
  if ((await new RedisPasswordStore(client, keys).get(admin.id)) !== null) return undefined;
  const secretKey = await secretKeyOf(config);
  return deskLoginsOn(client, keys, config, { secretKey, people, now: systemClock }).loginPath(admin);
}

import type { RedisClient } from './redis-client.js';
import type { PasswordStore, SessionStore, StoredSession } from '../../services/ports/desk-logins.js';
import type { Clock } from '../../domain/clock.js';
import { RedisKeys } from './redis-keys.js';
import { OrgOfIds } from './org-of-ids.js';

/** Password hashes on Redis, one key per person. */
export class RedisPasswordStore implements PasswordStore {
  private readonly orgs: OrgOfIds;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {
    this.orgs = new OrgOfIds(redis, keys, 'personOrg');
  }

  async get(personId: string): Promise<string | null> {
    const org = await this.orgs.of(personId);
    return org === null ? null : this.redis.get(this.keys.personPassword(org, personId));
  }

  async set(personId: string, hash: string): Promise<void> {
    await this.redis.set(this.keys.personPassword(await personOrg(this.orgs, personId), personId), hash);
  }
}

/** The organisation of a person who must exist (their password or session is being written). */
async function personOrg(orgs: OrgOfIds, personId: string): Promise<string> {
  const org = await orgs.of(personId);
  if (org === null) throw new Error(`no person ${personId}`);
  return org;
}

/**
 * Desk sessions on Redis: one key per session expiring with it (PX, on the injected clock's reckoning), and a
 * set of handles per person for listing. `find` also checks `expires`, so a session ends on time under any clock.
 * A session is found by its handle alone, so its key is in no organisation's slot: the person's set is written
 * first and cleaned after (listing drops handles whose session is gone), so the two need no transaction.
 */
export class RedisSessionStore implements SessionStore {
  private readonly orgs: OrgOfIds;

  constructor(
    private readonly redis: RedisClient,
    private readonly now: Clock,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {
    this.orgs = new OrgOfIds(redis, keys, 'personOrg');
  }

  async open(session: StoredSession): Promise<void> {
    const ttlMs = Math.max(1, Date.parse(session.expires) - this.now().getTime());
    const sessions = this.keys.personSessions(await personOrg(this.orgs, session.person), session.person);
    await this.redis.sadd(sessions, session.handle);
    await this.redis.set(this.keys.deskSession(session.handle), JSON.stringify(session), 'PX', ttlMs);
  }

  async find(handle: string): Promise<StoredSession | null> {
    const json = await this.redis.get(this.keys.deskSession(handle));
    const session = json === null ? null : (JSON.parse(json) as StoredSession);
    return session && Date.parse(session.expires) > this.now().getTime() ? session : null;
  }

  async touch(handle: string, lastSeen: string): Promise<void> {
    const session = await this.find(handle);
    if (!session) return;
    // KEEPTTL and XX: activity never revives or prolongs a session.
    const json = JSON.stringify({ ...session, lastSeen });
    await this.redis.set(this.keys.deskSession(handle), json, 'KEEPTTL', 'XX');
  }

  async list(personId: string): Promise<StoredSession[]> {
    const org = await this.orgs.of(personId);
    if (org === null) return [];
    const sessions = this.keys.personSessions(org, personId);
    const handles = await this.redis.smembers(sessions);
    const found = await Promise.all(handles.map((handle) => this.find(handle)));
    const gone = handles.filter((_, index) => found[index] === null);
    if (gone.length > 0) await this.redis.srem(sessions, ...gone);
    return found
      .filter((session): session is StoredSession => session?.person === personId)
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  }

  async end(personId: string, handle: string): Promise<boolean> {
    const session = await this.find(handle);
    if (session?.person !== personId) return false;
    const deleted = await this.redis.del(this.keys.deskSession(handle));
    await this.redis.srem(this.keys.personSessions(await personOrg(this.orgs, personId), personId), handle);
    return deleted === 1;
  }
}

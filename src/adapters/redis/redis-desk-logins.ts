import type { RedisClient } from './redis-client.js';
import type { PasswordStore, SessionStore, StoredSession } from '../../services/ports/desk-logins.js';
import type { Clock } from '../../domain/clock.js';
import { RedisKeys } from './redis-keys.js';

/** Password hashes on Redis, one key per person. */
export class RedisPasswordStore implements PasswordStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  get(personId: string): Promise<string | null> {
    return this.redis.get(this.keys.personPassword(personId));
  }

  async set(personId: string, hash: string): Promise<void> {
    await this.redis.set(this.keys.personPassword(personId), hash);
  }
}

/**
 * Desk sessions on Redis: one key per session expiring with it (PX, on the injected clock's reckoning), and a
 * set of handles per person for listing. `find` also checks `expires`, so a session ends on time under any clock.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly now: Clock,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async open(session: StoredSession): Promise<void> {
    const ttlMs = Math.max(1, Date.parse(session.expires) - this.now().getTime());
    await this.redis
      .multi()
      .set(this.keys.deskSession(session.handle), JSON.stringify(session), 'PX', ttlMs)
      .sadd(this.keys.personSessions(session.person), session.handle)
      .exec();
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
    const handles = await this.redis.smembers(this.keys.personSessions(personId));
    const found = await Promise.all(handles.map((handle) => this.find(handle)));
    const gone = handles.filter((_, index) => found[index] === null);
    if (gone.length > 0) await this.redis.srem(this.keys.personSessions(personId), ...gone);
    return found
      .filter((session): session is StoredSession => session?.person === personId)
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  }

  async end(personId: string, handle: string): Promise<boolean> {
    const session = await this.find(handle);
    if (session?.person !== personId) return false;
    const [[, deleted]] = (await this.redis
      .multi()
      .del(this.keys.deskSession(handle))
      .srem(this.keys.personSessions(personId), handle)
      .exec()) as [[null, number], [null, number]];
    return deleted === 1;
  }
}

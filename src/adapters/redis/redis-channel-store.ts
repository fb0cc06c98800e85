import type { Redis } from 'ioredis';
import type { ChannelAddress } from '../../domain/notification.js';
import type { ChannelStore } from '../../services/ports/notifications.js';
import { RedisKeys } from './redis-keys.js';

/** ChannelStore on Redis: one JSON value per person (webhook secrets included: Redis is the system of record). */
export class RedisChannelStore implements ChannelStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async get(personId: string): Promise<ChannelAddress[]> {
    const json = await this.redis.get(this.keys.personChannels(personId));
    return json === null ? [] : (JSON.parse(json) as ChannelAddress[]);
  }

  async set(personId: string, addresses: readonly ChannelAddress[]): Promise<void> {
    await this.redis.set(this.keys.personChannels(personId), JSON.stringify(addresses));
  }
}

import type { RedisClient } from './redis-client.js';
import type { ChannelAddress } from '../../domain/notification.js';
import type { SecretSealer } from '../../services/ports/accounts.js';
import type { ChannelStore } from '../../services/ports/notifications.js';
import { RedisKeys } from './redis-keys.js';

/** A webhook as stored: its HMAC secret sealed (a working secret is never at rest in plaintext). */
interface StoredWebhook {
  channel: 'webhook';
  url: string;
  sealedSecret: string;
}
/** A webhook stored before secrets were sealed: opened as it is, and sealed on first read. */
type PlainWebhook = Extract<ChannelAddress, { channel: 'webhook' }>;
type StoredAddress = Exclude<ChannelAddress, PlainWebhook> | StoredWebhook | PlainWebhook;

/** ChannelStore on Redis: one JSON value per person, webhook secrets sealed with the installation's key. */
export class RedisChannelStore implements ChannelStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly sealer: SecretSealer,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async get(personId: string): Promise<ChannelAddress[]> {
    return this.openedAll(personId, await this.redis.get(this.keys.personChannels(personId)));
  }

  async getMany(personIds: readonly string[]): Promise<Map<string, ChannelAddress[]>> {
    const found = new Map<string, ChannelAddress[]>();
    if (personIds.length === 0) return found;
    const values = await this.redis.mget(personIds.map((id) => this.keys.personChannels(id)));
    for (const [index, json] of values.entries()) {
      const personId = personIds[index]!;
      const addresses = await this.openedAll(personId, json);
      if (addresses.length > 0) found.set(personId, addresses);
    }
    return found;
  }

  private async openedAll(personId: string, json: string | null): Promise<ChannelAddress[]> {
    if (json === null) return [];
    const stored = JSON.parse(json) as StoredAddress[];
    const addresses = stored.map((address) => this.opened(personId, address));
    if (stored.some((address) => address.channel === 'webhook' && 'secret' in address)) {
      await this.set(personId, addresses);
    }
    return addresses;
  }

  async set(personId: string, addresses: readonly ChannelAddress[]): Promise<void> {
    const stored = addresses.map((address) => this.sealed(personId, address));
    await this.redis.set(this.keys.personChannels(personId), JSON.stringify(stored));
  }

  private sealed(personId: string, address: ChannelAddress): StoredAddress {
    if (address.channel !== 'webhook') return address;
    const sealedSecret = this.sealer.seal(address.secret, webhookContext(personId));
    return { channel: 'webhook', url: address.url, sealedSecret };
  }

  private opened(personId: string, address: StoredAddress): ChannelAddress {
    if (address.channel !== 'webhook' || 'secret' in address) return address;
    const secret = this.sealer.open(address.sealedSecret, webhookContext(personId));
    return { channel: 'webhook', url: address.url, secret };
  }
}

/** Bound to the person: a sealed secret copied onto someone else's channels does not open there. */
const webhookContext = (personId: string) => `channels/${personId}/webhook`;

import type { RedisClient } from './redis-client.js';
import type { ChannelAddress } from '../../domain/notification.js';
import type { SecretSealer } from '../../services/ports/accounts.js';
import type { ChannelStore } from '../../services/ports/notifications.js';
import { RedisKeys } from './redis-keys.js';
import { OrgOfIds } from './org-of-ids.js';

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
  private readonly orgs: OrgOfIds;

  constructor(
    private readonly redis: RedisClient,
    private readonly sealer: SecretSealer,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {
    this.orgs = new OrgOfIds(redis, keys, 'personOrg');
  }

  async get(personId: string): Promise<ChannelAddress[]> {
    const org = await this.orgs.of(personId);
    if (org === null) return [];
    return this.openedAll(personId, await this.redis.get(this.keys.personChannels(org, personId)));
  }

  /** One MGET per organisation (a single one without hashTags). */
  async getMany(personIds: readonly string[]): Promise<Map<string, ChannelAddress[]>> {
    const found = new Map<string, ChannelAddress[]>();
    for (const [org, ids] of await this.orgs.grouped(personIds)) {
      const values = await this.redis.mget(ids.map((id) => this.keys.personChannels(org, id)));
      for (const [index, json] of values.entries()) {
        const personId = ids[index]!;
        const addresses = await this.openedAll(personId, json);
        if (addresses.length > 0) found.set(personId, addresses);
      }
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
    const org = await this.orgs.of(personId);
    if (org === null) throw new Error(`no person ${personId} to set channels of`);
    await this.redis.set(this.keys.personChannels(org, personId), JSON.stringify(stored));
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

import type { RedisClient } from './redis-client.js';
import {
  materialKindOf,
  type GatewayMaterial,
  type MaterialKind,
} from '../../domain/gateway/gateway-material.js';
import type { GatewayAccount, GatewayMaterialStore } from '../../services/ports/gateway.js';
import { latestFirst } from './redis-gateway-draft-store.js';
import { RedisKeys } from './redis-keys.js';

const KINDS: readonly MaterialKind[] = ['image', 'voice', 'video'];

/**
 * GatewayMaterialStore on Redis: per account a sorted set per kind and one hash of the materials; see the
 * contract in services/ports/gateway.ts.
 */
export class RedisGatewayMaterialStore implements GatewayMaterialStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async record(account: GatewayAccount, material: GatewayMaterial): Promise<void> {
    const kind = materialKindOf(material.type);
    await this.redis
      .multi()
      .hset(this.key(account, 'data'), material.mediaId, JSON.stringify(material))
      .zadd(this.key(account, kind), 'NX', Date.parse(material.uploadedAt), material.mediaId)
      .exec();
  }

  async counts(account: GatewayAccount): Promise<Readonly<Record<MaterialKind, number>>> {
    const counted = this.redis.multi();
    for (const kind of KINDS) counted.zcard(this.key(account, kind));
    const results = ((await counted.exec()) ?? []) as [null, number][];
    return { image: results[0]?.[1] ?? 0, voice: results[1]?.[1] ?? 0, video: results[2]?.[1] ?? 0 };
  }

  async get(account: GatewayAccount, mediaId: string): Promise<GatewayMaterial | null> {
    const json = await this.redis.hget(this.key(account, 'data'), mediaId);
    return json === null ? null : (JSON.parse(json) as GatewayMaterial);
  }

  async list(
    account: GatewayAccount,
    kind: MaterialKind,
    { offset, count }: { offset: number; count: number },
  ): Promise<{ total: number; materials: GatewayMaterial[] }> {
    const { total, members: mediaIds } = await latestFirst(
      this.redis,
      this.key(account, kind),
      offset,
      count,
    );
    const found = mediaIds.length > 0 ? await this.redis.hmget(this.key(account, 'data'), ...mediaIds) : [];
    const materials = found.flatMap((json) => (json === null ? [] : [JSON.parse(json) as GatewayMaterial]));
    return { total, materials };
  }

  private key(account: GatewayAccount, kind: MaterialKind | 'data'): string {
    return this.keys.gatewayAccountMaterials(account.org, account.target, kind);
  }
}

import { beforeEach, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { RedisGatewayCredentialStore } from '../../src/adapters/redis/redis-gateway-credential-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import type { GatewayCredential } from '../../src/domain/gateway/gateway-credential.js';
import { guardedRedisEach, KEY_SHAPES } from '../helpers/slot-guard.js';

const CREDENTIAL: GatewayCredential = {
  appid: 'qf0123456789abcdef',
  org: 'cc',
  target: 'weibo:崇川发布',
  person: 'p1',
  createdAt: '2026-12-05T08:00:00.000Z',
  expiresAt: '2027-03-05T08:00:00.000Z',
  grantedBy: 'cli',
};
const TOKEN = {
  token: 'weibo-token-1',
  appid: CREDENTIAL.appid,
  expiresAt: CREDENTIAL.expiresAt,
  ttlSeconds: 600,
};

// A credential is found by its appid alone and its Weibo token by the token alone; under hashTags the credential
// is in its organisation's slot (with the organisation's index, one script) and every command stays in one slot.
describe.each(KEY_SHAPES)('RedisGatewayCredentialStore, $shape', ({ hashTags }) => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let store: RedisGatewayCredentialStore;

  const shaped = guardedRedisEach(hashTags);
  beforeEach(() => {
    ({ redis, keys } = shaped);
    store = new RedisGatewayCredentialStore(redis, keys);
  });

  it('adds once with its token, finds it by appid and token, lists it under its organisation, revokes it', async () => {
    expect(await store.add(CREDENTIAL, 'secret-1', TOKEN)).toBe('added');
    expect(await store.add(CREDENTIAL, 'secret-2')).toBe('exists');
    expect(await store.get(CREDENTIAL.appid)).toEqual(CREDENTIAL);
    expect(await store.verify(CREDENTIAL.appid, 'secret-1')).toEqual({
      credential: CREDENTIAL,
      secretMatches: true,
    });
    expect(await store.tokenOwner(TOKEN.token)).toEqual({
      appid: CREDENTIAL.appid,
      expiresAt: TOKEN.expiresAt,
    });
    expect(await store.list('cc')).toEqual([CREDENTIAL]);
    const at = '2026-12-06T08:00:00.000Z';
    expect(await store.revoke(CREDENTIAL.appid, at)).toEqual({
      credential: { ...CREDENTIAL, revokedAt: at },
      revoked: true,
    });
    expect(await store.get('qf-nobody')).toBeNull();
    expect(await store.verify('qf-nobody', 'x')).toBeNull();
    expect(await store.revoke('qf-nobody', at)).toBeNull();
  });
});

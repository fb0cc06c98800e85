import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../src/adapters/crypto/secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const first = box.seal('app-secret-1234', 'cc/wechat/崇川发布');
    const second = box.seal('app-secret-1234', 'cc/wechat/崇川发布');
    expect(first).not.toBe(second);
    expect(first).not.toContain('app-secret');
    expect(first).toMatch(/^v1\.[\w-]+$/);
    expect(box.open(first, 'cc/wechat/崇川发布')).toBe('app-secret-1234');
  });

  it('refuses a sealed secret moved to another account, changed, or opened with another key', () => {
    const sealed = box.seal('app-secret-1234', 'cc/wechat/崇川发布');
    expect(() => box.open(sealed, 'cc/wechat/其他账号')).toThrow(SecretBoxError);
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.slice(-1);
    expect(() => box.open(flipped, 'cc/wechat/崇川发布')).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'cc/wechat/崇川发布')).toThrow(
      /QIANFA_SECRET_KEY/,
    );
    expect(() => box.open('v0.abc', 'x')).toThrow(SecretBoxError);
  });

  it('opens a value again after opening it once, and still refuses it elsewhere or changed', () => {
    const sealed = box.seal('whsec-wangwu-7f3a9c', 'channels/p1/webhook');
    expect(box.open(sealed, 'channels/p1/webhook')).toBe('whsec-wangwu-7f3a9c');
    expect(box.open(sealed, 'channels/p1/webhook')).toBe('whsec-wangwu-7f3a9c');
    expect(() => box.open(sealed, 'channels/p2/webhook')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, 'channels/p1/webhook/')).toThrow(SecretBoxError);
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.slice(-1);
    expect(() => box.open(flipped, 'channels/p1/webhook')).toThrow(SecretBoxError);
  });

  it('does not decipher a value it opened before (the key is zeroed in between, to show it)', () => {
    const key = randomBytes(32);
    const own = new SecretBox(key);
    const sealed = own.seal('whsec-wangwu-7f3a9c', 'channels/p1/webhook');
    expect(own.open(sealed, 'channels/p1/webhook')).toBe('whsec-wangwu-7f3a9c');
    key.fill(0);
    expect(own.open(sealed, 'channels/p1/webhook')).toBe('whsec-wangwu-7f3a9c');
  });

  it('remembers the last 1,000 values opened, not more', () => {
    const key = randomBytes(32);
    const own = new SecretBox(key);
    const contexts = Array.from({ length: 1_001 }, (_, i) => `channels/p${i}/webhook`);
    const sealed = contexts.map((context, i) => own.seal(`secret-${i}`, context));
    for (const [i, context] of contexts.entries()) own.open(sealed[i]!, context);
    key.fill(0); // from here on, only remembered values open
    expect(own.open(sealed[1_000]!, contexts[1_000]!)).toBe('secret-1000');
    expect(own.open(sealed[1]!, contexts[1]!)).toBe('secret-1');
    expect(() => own.open(sealed[0]!, contexts[0]!)).toThrow(SecretBoxError);
  });

  it('wants a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(SecretBoxError);
  });
});

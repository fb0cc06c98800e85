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

  it('wants a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(SecretBoxError);
  });
});

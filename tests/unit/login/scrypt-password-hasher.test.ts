import { describe, expect, it } from 'vitest';
import { scryptPasswordHasher } from '../../../src/adapters/crypto/scrypt-password-hasher.js';

describe('scrypt password hashes', () => {
  const hasher = scryptPasswordHasher();

  it('verifies the password it hashed, salted afresh each time, and nothing else', async () => {
    const first = await hasher.hash('春眠不觉晓处处闻啼鸟');
    const second = await hasher.hash('春眠不觉晓处处闻啼鸟');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(second).not.toBe(first);
    expect(await hasher.verify('春眠不觉晓处处闻啼鸟', first)).toBe(true);
    expect(await hasher.verify('春眠不觉晓处处闻啼鸟 ', first)).toBe(false);
  });

  it('reads hashes made with other parameters, and refuses what it cannot read', async () => {
    const lighter = await scryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1, saltBytes: 16, keyBytes: 32 }).hash(
      '密码',
    );
    expect(await hasher.verify('密码', lighter)).toBe(true);
    for (const stored of [
      '',
      'plain',
      'scrypt$0$8$1$c2FsdA$aGFzaA',
      'scrypt$1000$8$1$c2FsdA$aGFzaA',
      'bcrypt$10$x$y$z$w',
    ]) {
      expect(await hasher.verify('密码', stored)).toBe(false);
    }
  });
});

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../services/ports/desk-logins.js';

/**
 * Password hashing parameters, in one place: scrypt with N = 2^15, r = 8, p = 1 (32 MiB and some 50–100 ms per
 * hash on a server core; OWASP's minimum for scrypt is N = 2^17 with r = 8, p = 1 for interactive logins on
 * dedicated hardware, we trade some of it for two shared cores), a 16-byte salt and a 32-byte hash.
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

/** The stored form: `scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>`. */
export function scryptPasswordHasher(parameters = SCRYPT_PARAMETERS): PasswordHasher {
  return {
    async hash(password) {
      const { N, r, p, saltBytes, keyBytes } = parameters;
      const salt = randomBytes(saltBytes);
      const hash = await derive(password, salt, keyBytes, { N, r, p });
      return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
    },
    async verify(password, stored) {
      const parsed = parseStored(stored);
      if (!parsed) return false;
      // Parameters scrypt refuses (N not a power of two) make an unreadable hash, not an error.
      const hash = await derive(password, parsed.salt, parsed.hash.length, parsed.options).catch(() => null);
      return hash !== null && timingSafeEqual(hash, parsed.hash);
    },
  };
}

function parseStored(stored: string) {
  const [algorithm, N, r, p, salt, hash] = stored.split('$');
  if (algorithm !== 'scrypt' || !salt || !hash) return undefined;
  const options = { N: Number(N), r: Number(r), p: Number(p) };
  if (!Object.values(options).every((value) => Number.isSafeInteger(value) && value > 0)) return undefined;
  return { options, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

function derive(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just below that for N = 2^15, r = 8.
  const maxmem = 256 * (options.N ?? 0) * (options.r ?? 0);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, { ...options, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

import { hkdfSync } from 'node:crypto';

/** A key for one use, derived from the secret key, so links and sessions never share a key with secrets. */
export function derivedKey(secretKey: Buffer, use: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'qianfa', use, 32));
}

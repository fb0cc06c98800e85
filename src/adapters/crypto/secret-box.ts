import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
/** Opened values kept; an installation's webhook secrets, one per person with a webhook, fit. */
const OPENED_KEPT = 1_000;

/** A sealed secret could not be opened: wrong key, or the stored value was changed. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/**
 * AES-256-GCM for platform secrets at rest. A sealed value is `v1.` + base64url(iv ‖ tag ‖ ciphertext), with a
 * fresh 96-bit IV each time; `context` (e.g. the account's key) is authenticated too, so a sealed secret copied
 * onto another account does not open there.
 */
export class SecretBox {
  /**
   * What `open` deciphered, by exact sealed value and context: a webhook's secret is opened for every
   * delivery and fan-out. It keeps nothing the process could not open again with the key it holds, and a
   * changed value or another context is another entry, deciphered and authenticated afresh.
   */
  readonly #opened = new Map<string, string>();

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new SecretBoxError('密钥须为 32 字节（AES-256）');
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const entry = `${sealed.length}:${sealed}${context}`; // the length keeps the pair unambiguous
    const known = this.#opened.get(entry);
    if (known !== undefined) return known;
    const plain = this.#decipher(sealed, context);
    if (this.#opened.size >= OPENED_KEPT) this.#opened.delete(this.#opened.keys().next().value!);
    this.#opened.set(entry, plain);
    return plain;
  }

  #decipher(sealed: string, context: string): string {
    const [version, data] = sealed.split('.');
    if (version !== VERSION || data === undefined) throw new SecretBoxError('无法识别的密文格式');
    const bytes = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv(ALGORITHM, this.key, bytes.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new SecretBoxError('密文无法解开：密钥（QIANFA_SECRET_KEY）不对，或存储的值被改动过', {
        cause: error,
      });
    }
  }
}

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The key file could not be used; the message says what to fix. */
export class SecretKeyFileError extends Error {
  override readonly name = 'SecretKeyFileError';
}

export function secretKeyPath(dataDir: string): string {
  return join(dataDir, 'secret.key');
}

/**
 * The embedded default for QIANFA_SECRET_KEY: 32 random bytes (hex) in `<dataDir>/secret.key`, created once with
 * mode 0600 (exclusively, so two processes starting together agree on one key), then read on every start.
 */
export async function readOrCreateSecretKey(dataDir: string): Promise<Buffer> {
  const path = secretKeyPath(dataDir);
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = (await readFile(path, 'utf8')).trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new SecretKeyFileError(
      `${path} 不是 64 位十六进制密钥：请恢复该文件的备份，或设置 QIANFA_SECRET_KEY`,
    );
  }
  // Someone loosened it by hand: the key protects every platform secret, so keep it owner-only.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return Buffer.from(text, 'hex');
}

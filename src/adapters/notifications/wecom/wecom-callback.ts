import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';
import { readCallbackMessage, readEncryptedEnvelope, type WecomCallbackEvent } from './wecom-callback-xml.js';

export type { WecomCallbackEvent, WecomOtherCallback, WecomTemplateCardEvent } from './wecom-callback-xml.js';

/** The receive-URL settings of the app (企业微信后台 → 应用 → 接收消息 → 设置API接收). */
export interface WecomCallbackConfig {
  readonly token: string;
  /** 43 characters of base64 (the AES-256 key without its trailing "="). */
  readonly encodingAESKey: string;
  /** Every message must be addressed to this enterprise (the receiveid inside the ciphertext). */
  readonly corpid: string;
}

/** The query string as the HTTP layer has it, already URL-decoded. */
export type WecomCallbackQuery = URLSearchParams | Readonly<Record<string, string | undefined>>;

export interface WecomCallbackOptions {
  /** Default Date.now. */
  readonly now?: () => number;
  /**
   * Refuse timestamps further than this from now (default 300 s), so a captured callback cannot be replayed
   * later. WeCom's retries (after 5 s without an answer, up to 3 times) stay well inside it.
   */
  readonly maxSkewSeconds?: number;
}

export type WecomCallbackErrorCode =
  'missing_parameter' | 'stale_timestamp' | 'bad_signature' | 'bad_message' | 'wrong_receiver';

const EXPLANATIONS: Readonly<Record<WecomCallbackErrorCode, string>> = {
  missing_parameter: '回调请求缺少 msg_signature、timestamp、nonce 或 echostr 参数',
  stale_timestamp: '回调请求的时间戳与本机时间相差过大，可能是重放的旧请求',
  bad_signature: '回调请求的签名不正确：不是企业微信发来的，或 Token 配置不一致',
  bad_message: '回调消息无法解密或格式不正确，请核对 EncodingAESKey',
  wrong_receiver: '回调消息不是发给本企业的（CorpID 不一致）',
};

const CORPID_SHAPE = /^[\w-]{1,64}$/;

/** A callback refused: the HTTP layer answers 4xx and must not act on it. */
export class WecomCallbackError extends Error {
  override readonly name = 'WecomCallbackError';
  readonly explanation: string;

  constructor(readonly code: WecomCallbackErrorCode) {
    super(`wecom callback ${code}：${EXPLANATIONS[code]}`);
    this.explanation = EXPLANATIONS[code];
  }
}

/**
 * GET verification of the receive URL: checks the signature over `echostr`, decrypts it and returns the
 * plaintext, which must be the whole response body (no quotes, BOM or newline) within 1 s (facts §3.4).
 */
export function verifyUrl(
  query: WecomCallbackQuery,
  config: WecomCallbackConfig,
  options: WecomCallbackOptions = {},
): string {
  const echostr = param(query, 'echostr');
  return openCiphertext(query, echostr, config, options);
}

/**
 * A POSTed callback: checks msg_signature over the Encrypt element, decrypts it, checks it was addressed
 * to `config.corpid` and returns the typed event. Throws WecomCallbackError for anything not provably
 * from WeCom for this enterprise.
 */
export function decodeCallback(
  query: WecomCallbackQuery,
  xmlBody: string,
  config: WecomCallbackConfig,
  options: WecomCallbackOptions = {},
): WecomCallbackEvent {
  const encrypted = readEncryptedEnvelope(xmlBody);
  if (encrypted === undefined) throw new WecomCallbackError('bad_message');
  const decrypted = readCallbackMessage(openCiphertext(query, encrypted, config, options));
  if (decrypted === undefined) throw new WecomCallbackError('bad_message');
  if (decrypted.toUser !== config.corpid) throw new WecomCallbackError('wrong_receiver');
  return decrypted.event;
}

/** Signature, freshness, decryption, receiveid: nothing is decrypted before it is authenticated. */
function openCiphertext(
  query: WecomCallbackQuery,
  ciphertext: string,
  config: WecomCallbackConfig,
  options: WecomCallbackOptions,
): string {
  const signature = param(query, 'msg_signature');
  const timestamp = param(query, 'timestamp');
  const nonce = param(query, 'nonce');
  const expected = getSignature(config.token, timestamp, nonce, ciphertext);
  if (!equalHex(signature, expected)) throw new WecomCallbackError('bad_signature');
  checkFreshness(timestamp, options);
  const { message, id } = decryptOrRefuse(config.encodingAESKey, ciphertext);
  // @wecom/crypto does not check the padding, so a wrong key "decrypts" to random bytes rather than
  // failing: a receiveid that is not even shaped like a corpid means the key, not the enterprise, is wrong.
  if (!CORPID_SHAPE.test(id)) throw new WecomCallbackError('bad_message');
  if (id !== config.corpid) throw new WecomCallbackError('wrong_receiver');
  return message;
}

function decryptOrRefuse(encodingAESKey: string, ciphertext: string): { message: string; id: string } {
  try {
    return decrypt(encodingAESKey, ciphertext);
  } catch {
    throw new WecomCallbackError('bad_message'); // wrong key, truncated or non-block-sized ciphertext
  }
}

function checkFreshness(timestamp: string, options: WecomCallbackOptions): void {
  const seconds = Number(timestamp);
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  const maxSkew = options.maxSkewSeconds ?? 300;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - seconds) > maxSkew) {
    throw new WecomCallbackError('stale_timestamp');
  }
}

function param(query: WecomCallbackQuery, name: string): string {
  const value = query instanceof URLSearchParams ? query.get(name) : query[name];
  if (typeof value !== 'string' || value === '') throw new WecomCallbackError('missing_parameter');
  return value;
}

/** Constant-time, so the comparison does not reveal how much of a forged signature was right. */
function equalHex(given: string, expected: string): boolean {
  const givenBytes = Buffer.from(given.toLowerCase(), 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  return givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
}

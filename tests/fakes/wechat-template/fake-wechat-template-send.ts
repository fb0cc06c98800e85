import { PlatformRefusal } from '../fake-http-server.js';

/** A 服务号 that may send template messages, with the templates it uses and who follows it. */
export interface FakeServiceAccount {
  readonly appid: string;
  /** Only verified service accounts may send template messages (48001 otherwise). Default true. */
  readonly verified?: boolean;
  /** template_id → its keywords, e.g. `{ 'tmpl-review': ['thing1', 'thing2'] }`. */
  readonly templates: Readonly<Record<string, readonly string[]>>;
  readonly followers: readonly string[];
  /** Followers who blocked the account (43019). */
  readonly blocked?: readonly string[];
}

/** One template message WeChat accepted. */
export interface FakeTemplateMessage {
  /** Exact decimal string of the msgid (above 2^53). */
  readonly msgid: string;
  readonly appid: string;
  readonly touser: string;
  readonly templateId: string;
  readonly url?: string;
  readonly data: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

const OPENID = /^[\w-]{20,64}$/;
/** Removed in 2023 and silently dropped by WeChat (facts §1.7). */
const DROPPED_KEYWORDS = new Set(['first', 'remark']);
/** `thing` keywords hold at most 20 characters (WeChat's keyword rules; not in the facts file). */
const THING_MAX_CHARACTERS = 20;

/** Checks a template/send body against the account, in the order the facts suggest; returns the data kept. */
export function readTemplateSend(
  account: FakeServiceAccount,
  body: Json,
): Omit<FakeTemplateMessage, 'msgid'> {
  if (account.verified === false) throw new PlatformRefusal(48001);
  const touser = body['touser'];
  if (typeof touser !== 'string' || !OPENID.test(touser)) throw new PlatformRefusal(40003);
  if (!account.followers.includes(touser)) throw new PlatformRefusal(43004);
  if (account.blocked?.includes(touser)) throw new PlatformRefusal(43019);
  const templateId = body['template_id'];
  if (typeof templateId !== 'string' || templateId === '' || templateId.length > 64) {
    throw new PlatformRefusal(40036);
  }
  const keywords = account.templates[templateId];
  if (keywords === undefined) throw new PlatformRefusal(40037);
  const url = body['url'];
  return {
    appid: account.appid,
    touser,
    templateId,
    ...(typeof url === 'string' ? { url } : {}),
    data: readData(keywords, body['data']),
  };
}

/** Unknown keywords and over-long thing values: 47003 (argument invalid); empty values: 40250. */
function readData(keywords: readonly string[], data: unknown): Record<string, string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new PlatformRefusal(47003);
  const kept: Record<string, string> = {};
  for (const [keyword, entry] of Object.entries(data as Json)) {
    if (DROPPED_KEYWORDS.has(keyword)) continue;
    if (!keywords.includes(keyword)) throw new PlatformRefusal(47003, `unknown keyword ${keyword}`);
    const value = (entry as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value.trim() === '') throw new PlatformRefusal(40250);
    if (keyword.startsWith('thing') && [...value].length > THING_MAX_CHARACTERS) {
      throw new PlatformRefusal(47003, `${keyword} too long`);
    }
    kept[keyword] = value;
  }
  if (keywords.some((keyword) => !(keyword in kept))) throw new PlatformRefusal(40250);
  return kept;
}

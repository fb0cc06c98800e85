import { z } from 'zod';
import { truncateCharacters, truncateUtf8, utf8Length } from '../text-limits.js';
import type { WecomButtonCard, WecomCardUpdate, WecomSendResult, WecomTextCard } from './wecom-types.js';

/** WeCom always sends errcode; 0 is success. errmsg carries `hint:`, `from ip:` and `more info at …`. */
export const wecomEnvelope = z.object({ errcode: z.coerce.number(), errmsg: z.string().optional() });

export const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number() });

const barList = z
  .string()
  .optional()
  .transform((list) => (list ?? '').split('|').filter((item) => item !== ''));

export const sendResponse = z.object({
  msgid: z.string().default(''),
  invaliduser: barList,
  invalidparty: barList,
  invalidtag: barList,
  response_code: z.string().optional(),
});

export const updateResponse = z.object({ invaliduser: barList });

/** auth/getuserinfo: a member of the corp has `userid`; someone outside it only `openid` (or `external_userid`). */
export const userInfoResponse = z.object({
  userid: z.string().min(1).optional(),
  openid: z.string().optional(),
});

export function toSendResult(wire: z.output<typeof sendResponse>): WecomSendResult {
  return {
    msgid: wire.msgid,
    invalidUsers: wire.invaliduser,
    invalidParties: wire.invalidparty,
    invalidTags: wire.invalidtag,
    ...(wire.response_code ? { responseCode: wire.response_code } : {}),
  };
}

/** Facts §3.2 limits. Over-long text is cut by us on a character boundary rather than by WeCom mid-byte. */
const LIMITS = {
  textcardTitleBytes: 128,
  textcardDescriptionBytes: 512,
  urlBytes: 2048,
  btntxtCharacters: 4,
  cardTitleCharacters: 36,
  taskIdBytes: 128,
  buttonKeyBytes: 1024,
  buttonTextCharacters: 10,
  maxButtons: 6,
  maxRecipients: 1000,
} as const;

const TASK_ID = /^[0-9A-Za-z_\-@]+$/;

/** A request WeCom would refuse or garble, caught before it is sent; the string is the error code. */
export class InvalidWecomRequest extends Error {
  override readonly name = 'InvalidWecomRequest';
  constructor(readonly code: 'invalid_url' | 'invalid_task_id' | 'invalid_buttons' | 'invalid_recipients') {
    super(code);
  }
}

export function toTextCardBody(card: WecomTextCard): Record<string, unknown> {
  checkRecipients(card.touser);
  checkUrl(card.url);
  return {
    touser: card.touser.join('|'),
    msgtype: 'textcard',
    agentid: card.agentid,
    textcard: {
      title: truncateUtf8(card.title, LIMITS.textcardTitleBytes),
      description: truncateUtf8(card.description, LIMITS.textcardDescriptionBytes),
      url: card.url,
      ...(card.btntxt === undefined
        ? {}
        : { btntxt: truncateCharacters(card.btntxt, LIMITS.btntxtCharacters) }),
    },
  };
}

export function toButtonCardBody(card: WecomButtonCard): Record<string, unknown> {
  checkRecipients(card.touser);
  checkUrl(card.url);
  checkTaskId(card.taskId);
  checkButtons(card);
  return {
    touser: card.touser.join('|'),
    msgtype: 'template_card',
    agentid: card.agentid,
    template_card: {
      card_type: 'button_interaction',
      main_title: { title: truncateCharacters(card.title, LIMITS.cardTitleCharacters) },
      sub_title_text: card.description,
      card_action: { type: 1, url: card.url },
      task_id: card.taskId,
      button_list: card.buttons.map((button) => ({
        text: truncateCharacters(button.text, LIMITS.buttonTextCharacters),
        style: button.style,
        type: 0, // 0 = callback to the receive URL with the key; 1 would open a URL instead
        key: button.key,
      })),
    },
  };
}

export function toCardUpdateBody(update: WecomCardUpdate): Record<string, unknown> {
  if (update.userids.length === 0) throw new InvalidWecomRequest('invalid_recipients');
  return {
    userids: update.userids,
    agentid: update.agentid,
    response_code: update.responseCode,
    button: { replace_name: update.replaceText },
  };
}

function checkRecipients(touser: readonly string[]): void {
  const valid = touser.length > 0 && touser.length <= LIMITS.maxRecipients;
  if (!valid || touser.some((user) => user === '' || user.includes('|'))) {
    throw new InvalidWecomRequest('invalid_recipients');
  }
}

function checkUrl(url: string): void {
  if (!/^https?:\/\//i.test(url) || utf8Length(url) > LIMITS.urlBytes)
    throw new InvalidWecomRequest('invalid_url');
}

function checkTaskId(taskId: string): void {
  if (!TASK_ID.test(taskId) || utf8Length(taskId) > LIMITS.taskIdBytes) {
    throw new InvalidWecomRequest('invalid_task_id');
  }
}

function checkButtons(card: WecomButtonCard): void {
  const { buttons } = card;
  const keys = new Set(buttons.map((button) => button.key));
  const badKey = buttons.some(
    (button) => button.key === '' || utf8Length(button.key) > LIMITS.buttonKeyBytes,
  );
  if (buttons.length === 0 || buttons.length > LIMITS.maxButtons || keys.size !== buttons.length || badKey) {
    throw new InvalidWecomRequest('invalid_buttons');
  }
}

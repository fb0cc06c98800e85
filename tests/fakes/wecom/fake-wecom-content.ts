import { PlatformRefusal } from '../fake-http-server.js';
import type { FakeWecomButton, MessageContent } from './fake-wecom-outbox.js';

type Json = Record<string, unknown>;

const TASK_ID = /^[0-9A-Za-z_\-@]{1,128}$/;
const MAX_BUTTONS = 6;
const MAX_KEY_BYTES = 1024;

/** The textcard or template_card of a message/send body, checked as WeCom checks it (facts §3.2). */
export function readMessageContent(body: Json): MessageContent {
  if (body['msgtype'] === 'textcard') return readTextCard(objectAt(body, 'textcard'));
  if (body['msgtype'] === 'template_card') return readButtonCard(objectAt(body, 'template_card'));
  throw new PlatformRefusal(40008);
}

function readTextCard(card: Json): MessageContent {
  const title = nonEmptyString(card['title'], 41016);
  const description = nonEmptyString(card['description'], 41033);
  const url = nonEmptyString(card['url'], 41010);
  const btntxt = card['btntxt'];
  return {
    msgtype: 'textcard',
    title,
    description,
    url,
    ...(typeof btntxt === 'string' ? { btntxt } : {}),
  };
}

/** Only button_interaction is modelled; the other card types answer 42031 (card_type invalid). */
function readButtonCard(card: Json): MessageContent {
  if (card['card_type'] !== 'button_interaction') throw new PlatformRefusal(42031);
  const taskId = card['task_id'];
  if (typeof taskId !== 'string' || !TASK_ID.test(taskId)) throw new PlatformRefusal(42014);
  const mainTitle = objectAt(card, 'main_title');
  const action = card['card_action'];
  const url = isObject(action) && typeof action['url'] === 'string' ? action['url'] : '';
  const description = card['sub_title_text'];
  return {
    msgtype: 'template_card',
    title: nonEmptyString(mainTitle['title'], 40058),
    description: typeof description === 'string' ? description : '',
    url,
    taskId,
    buttons: readButtons(card['button_list']),
  };
}

function readButtons(list: unknown): FakeWecomButton[] {
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BUTTONS) {
    throw new PlatformRefusal(40058, 'invalid button_list size');
  }
  const buttons = list.map((item: unknown) => {
    if (!isObject(item)) throw new PlatformRefusal(40058);
    const text = nonEmptyString(item['text'], 42038);
    const key = nonEmptyString(item['key'], 42039);
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new PlatformRefusal(42039);
    // URL buttons (type 1) exist on the platform; qianfa does not send them, so the fake does not model them.
    if ((item['type'] ?? 0) !== 0) throw new PlatformRefusal(40058, 'fake: only callback buttons (type 0)');
    const style = typeof item['style'] === 'number' ? item['style'] : 1;
    return { key, text, style };
  });
  if (new Set(buttons.map((button) => button.key)).size !== buttons.length) throw new PlatformRefusal(42039);
  return buttons;
}

function objectAt(body: Json, field: string): Json {
  const value = body[field];
  if (!isObject(value)) throw new PlatformRefusal(40058, `${field} missing`);
  return value;
}

function nonEmptyString(value: unknown, code: number): string {
  if (typeof value !== 'string' || value === '') throw new PlatformRefusal(code);
  return value;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

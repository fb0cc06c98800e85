import { randomBytes } from 'node:crypto';
import { PlatformRefusal } from '../fake-http-server.js';
import { isObject } from './fake-wecom-content.js';
import type { FakeWecomMessage } from './fake-wecom-outbox.js';
import type { FakeWecomApp } from './fake-wecom-tokens.js';

/** An update_template_card call that took effect. */
export interface FakeCardUpdate {
  readonly taskId: string;
  readonly userIds: readonly string[];
  readonly replaceName: string;
  readonly at: number;
}

interface ResponseCode {
  readonly cardKey: string;
  readonly userIds: readonly string[];
  readonly expiresAt: number;
  used: boolean;
}

/** Each response_code works once, within 72 h (facts §3.2; older copies say 24 h). */
const RESPONSE_CODE_TTL_MS = 72 * 60 * 60_000;

type Json = Record<string, unknown>;

/**
 * Interactive cards by (app, task_id): task ids unique per app, one response_code per send and per click,
 * and the buttons each member sees until an update greys them out. Codes for refusals of a bad
 * response_code are not documented: the fake answers 40058 (invalid parameter) with an explaining errmsg.
 */
export class WecomCardDesk {
  readonly #now: () => number;
  readonly #cards = new Map<string, FakeWecomMessage>();
  readonly #codes = new Map<string, ResponseCode>();
  readonly #replaced = new Map<string, string>();
  readonly #updates: FakeCardUpdate[] = [];

  constructor(now: () => number) {
    this.#now = now;
  }

  /** 42014 for a task_id this app already used (the platform's exact code for a duplicate is a guess). */
  checkNewTask(app: FakeWecomApp, taskId: string): void {
    if (this.#cards.has(cardKey(app.corpid, app.agentid, taskId))) {
      throw new PlatformRefusal(42014, 'task_id exists');
    }
  }

  /** Registers a sent card; returns the response_code that updates it for every recipient. */
  register(card: FakeWecomMessage & { readonly taskId: string }): string {
    const key = cardKey(card.corpid, card.agentid, card.taskId);
    this.#cards.set(key, card);
    return this.#mint(key, card.to);
  }

  card(corpid: string, taskId: string): FakeWecomMessage | undefined {
    return [...this.#cards.values()].find((card) => card.corpid === corpid && card.taskId === taskId);
  }

  /** A member tapped a button: the code the callback carries, usable for that member's card. */
  mintClickCode(card: FakeWecomMessage & { readonly taskId: string }, userId: string): string {
    return this.#mint(cardKey(card.corpid, card.agentid, card.taskId), [userId]);
  }

  /** What the member's card shows instead of buttons, or undefined while the buttons are live. */
  replacedText(card: FakeWecomMessage & { readonly taskId: string }, userId: string): string | undefined {
    return this.#replaced.get(`${cardKey(card.corpid, card.agentid, card.taskId)}:${userId.toLowerCase()}`);
  }

  update(app: FakeWecomApp, body: Json): { invaliduser: string } {
    if (body['agentid'] !== app.agentid) throw new PlatformRefusal(40056);
    const code = this.#consume(body['response_code']);
    const card = this.#cards.get(code.cardKey);
    if (!card?.taskId || card.corpid !== app.corpid || card.agentid !== app.agentid) {
      throw new PlatformRefusal(42015);
    }
    const button = body['button'];
    const replaceName = isObject(button) ? button['replace_name'] : undefined;
    if (typeof replaceName !== 'string' || replaceName === '')
      throw new PlatformRefusal(40058, 'replace_name');
    const requested = body['atall'] === 1 ? code.userIds : stringList(body['userids']);
    const allowed = new Set(code.userIds.map((userId) => userId.toLowerCase()));
    const valid = requested.filter((userId) => allowed.has(userId.toLowerCase()));
    for (const userId of valid) this.#replaced.set(`${code.cardKey}:${userId.toLowerCase()}`, replaceName);
    this.#updates.push({ taskId: card.taskId, userIds: valid, replaceName, at: this.#now() });
    const invalid = requested.filter((userId) => !allowed.has(userId.toLowerCase()));
    return { invaliduser: invalid.map((userId) => userId.toLowerCase()).join('|') };
  }

  updates(): readonly FakeCardUpdate[] {
    return [...this.#updates];
  }

  #mint(key: string, userIds: readonly string[]): string {
    const code = randomBytes(24).toString('base64url');
    this.#codes.set(code, {
      cardKey: key,
      userIds,
      expiresAt: this.#now() + RESPONSE_CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  #consume(value: unknown): ResponseCode {
    const code = typeof value === 'string' ? this.#codes.get(value) : undefined;
    if (!code) throw new PlatformRefusal(40058, 'invalid response_code');
    if (code.used) throw new PlatformRefusal(40058, 'response_code already used');
    if (code.expiresAt <= this.#now()) throw new PlatformRefusal(40058, 'response_code expired');
    code.used = true;
    return code;
  }
}

function cardKey(corpid: string, agentid: number, taskId: string): string {
  return `${corpid}:${agentid}:${taskId}`;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new PlatformRefusal(40058, 'userids');
  return value.filter((item): item is string => typeof item === 'string');
}

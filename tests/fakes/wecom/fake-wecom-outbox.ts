import { randomBytes } from 'node:crypto';
import { PlatformRefusal } from '../fake-http-server.js';
import type { FakeWecomApp } from './fake-wecom-tokens.js';

export interface FakeWecomButton {
  readonly key: string;
  readonly text: string;
  readonly style: number;
}

/** One accepted message/send call, as a test reads it back. */
export interface FakeWecomMessage {
  readonly msgid: string;
  readonly corpid: string;
  readonly agentid: number;
  readonly msgtype: 'textcard' | 'template_card';
  /** Members it reached. */
  readonly to: readonly string[];
  /** Recipients outside the app's visible range, lower-cased as WeCom returns them. */
  readonly invalidUsers: readonly string[];
  /** Over the per-member limit: accepted by WeCom, silently not delivered to these (facts §3.2). */
  readonly dropped: readonly string[];
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly btntxt?: string;
  readonly taskId?: string;
  readonly buttons?: readonly FakeWecomButton[];
  readonly responseCode?: string;
  readonly sentAt: number;
}

type Json = Record<string, unknown>;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Per member and app: 30 a minute and 1000 an hour; beyond that messages are dropped without an error. */
const PER_MINUTE = 30;
const PER_HOUR = 1000;
const MAX_RECIPIENTS = 1000;

/** message/send: validates like WeCom, records what was sent, and drops what the per-member limits drop. */
export class WecomOutbox {
  readonly #now: () => number;
  readonly #messages: FakeWecomMessage[] = [];
  readonly #deliveries = new Map<string, number[]>();

  constructor(now: () => number) {
    this.#now = now;
  }

  accept(app: FakeWecomApp, body: Json, content: MessageContent): FakeWecomMessage {
    const { to, invalidUsers } = resolveRecipients(app, body['touser']);
    const delivered = to.filter((userId) => this.#withinLimits(app, userId));
    const message: FakeWecomMessage = {
      msgid: randomBytes(24).toString('base64url'),
      corpid: app.corpid,
      agentid: app.agentid,
      to: delivered,
      invalidUsers,
      dropped: to.filter((userId) => !delivered.includes(userId)),
      sentAt: this.#now(),
      ...content,
    };
    this.#messages.push(message);
    return message;
  }

  all(): readonly FakeWecomMessage[] {
    return [...this.#messages];
  }

  #withinLimits(app: FakeWecomApp, userId: string): boolean {
    const key = `${app.corpid}:${app.agentid}:${userId.toLowerCase()}`;
    const now = this.#now();
    const lastHour = (this.#deliveries.get(key) ?? []).filter((at) => now - at < HOUR_MS);
    const lastMinute = lastHour.filter((at) => now - at < MINUTE_MS);
    const allowed = lastMinute.length < PER_MINUTE && lastHour.length < PER_HOUR;
    this.#deliveries.set(key, allowed ? [...lastHour, now] : lastHour);
    return allowed;
  }
}

export type MessageContent = Pick<
  FakeWecomMessage,
  'msgtype' | 'title' | 'description' | 'url' | 'btntxt' | 'taskId' | 'buttons'
>;

/** `u1|u2` or `@all` against the app's visible range; 82001 when empty, 81013 when nobody is valid. */
function resolveRecipients(app: FakeWecomApp, touser: unknown): { to: string[]; invalidUsers: string[] } {
  if (typeof touser !== 'string' || touser === '') throw new PlatformRefusal(82001);
  if (touser === '@all') return { to: [...app.members], invalidUsers: [] };
  const requested = touser.split('|').filter((userId) => userId !== '');
  if (requested.length > MAX_RECIPIENTS) throw new PlatformRefusal(40032);
  const members = new Map(app.members.map((member) => [member.toLowerCase(), member]));
  const to: string[] = [];
  const invalidUsers: string[] = [];
  for (const userId of requested) {
    const member = members.get(userId.toLowerCase());
    if (member === undefined) invalidUsers.push(userId.toLowerCase());
    else if (!to.includes(member)) to.push(member);
  }
  if (to.length === 0) throw new PlatformRefusal(81013);
  return { to, invalidUsers };
}

import { createSeededRandom, type Fault, type ScheduledRules } from './fault-injection.js';
import { FakeHttpServer } from './fake-http-server.js';
import { clickButton, type ButtonClick } from './wecom/fake-wecom-callback.js';
import { WecomCardDesk, type FakeCardUpdate } from './wecom/fake-wecom-cards.js';
import { wecomRefusalReply } from './wecom/fake-wecom-errmsgs.js';
import { WecomOutbox, type FakeWecomMessage } from './wecom/fake-wecom-outbox.js';
import { handleWecomRequest, type WecomEndpoint, type WecomFakeState } from './wecom/fake-wecom-routes.js';
import { WecomTokenPool, type FakeWecomApp } from './wecom/fake-wecom-tokens.js';
import { WecomSignInDesk, type FakeWecomVisitor } from './wecom/fake-wecom-sign-in.js';

export type { ButtonClick } from './wecom/fake-wecom-callback.js';
export type { FakeCardUpdate } from './wecom/fake-wecom-cards.js';
export type { FakeWecomButton, FakeWecomMessage } from './wecom/fake-wecom-outbox.js';
export type { WecomEndpoint } from './wecom/fake-wecom-routes.js';
export type { FakeWecomApp } from './wecom/fake-wecom-tokens.js';

export interface FakeWecomServerOptions {
  readonly apps?: readonly FakeWecomApp[];
  /** Lifetime of a new access token; default 7200 s as on the platform. */
  readonly tokenLifetimeSeconds?: number;
  /** The fake's clock (tokens, rate limits, response codes); default Date.now. */
  readonly now?: () => number;
  /** Drives probabilistic faults; default a seeded generator, so runs repeat. */
  readonly random?: () => number;
}

type SentCard = FakeWecomMessage & { readonly taskId: string };

/**
 * A loopback WeCom API (facts §3): gettoken, message/send (textcard, button_interaction template_card) and
 * update_template_card, for several apps at once. It records every message, validates agentid, token and
 * recipients like WeCom, silently drops messages over the per-member limits, injects faults per endpoint, and
 * plays a member tapping a card button by POSTing the encrypted callback to the app's receive URL.
 */
export class FakeWecomServer {
  /** Per-endpoint faults, e.g. `faults.add('/cgi-bin/message/send', { type: 'error_code', code: 45009 })`. */
  readonly faults: ScheduledRules<WecomEndpoint, Fault>;
  readonly #http: FakeHttpServer<WecomEndpoint>;
  readonly #state: WecomFakeState;

  constructor(options: FakeWecomServerOptions = {}) {
    const now = options.now ?? Date.now;
    const apps = [...(options.apps ?? [])];
    this.#state = {
      apps,
      tokens: new WecomTokenPool({ now, lifetimeSeconds: options.tokenLifetimeSeconds ?? 7200 }),
      outbox: new WecomOutbox(now),
      cards: new WecomCardDesk(now),
      signIn: new WecomSignInDesk(apps, now),
    };
    this.#http = new FakeHttpServer({
      handle: (request) => handleWecomRequest(this.#state, request),
      refusalReply: wecomRefusalReply,
      random: options.random ?? createSeededRandom(1),
    });
    this.faults = this.#http.faults;
  }

  async start(): Promise<this> {
    await this.#http.start();
    return this;
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  addApp(app: FakeWecomApp): void {
    this.#state.apps.push(app);
  }

  /** Every token (of one enterprise, or all) expires now: the next call with one gets 42001. */
  expireTokens(corpid?: string): void {
    this.#state.tokens.expireAll(corpid);
  }

  /** Every accepted message/send call, oldest first. */
  messages(): readonly FakeWecomMessage[] {
    return this.#state.outbox.all();
  }

  /** The last message that reached the member (not dropped, not refused). */
  lastMessageTo(userId: string): FakeWecomMessage | undefined {
    const wanted = userId.toLowerCase();
    return this.messages().findLast((message) => message.to.some((to) => to.toLowerCase() === wanted));
  }

  /** Every update_template_card that took effect, oldest first. */
  cardUpdates(): readonly FakeCardUpdate[] {
    return this.#state.cards.updates();
  }

  /** What the member's card shows instead of its buttons after an update; undefined while they are live. */
  cardTextFor(corpid: string, taskId: string, userId: string): string | undefined {
    return this.#state.cards.replacedText(this.#sentCard(corpid, taskId), userId);
  }

  /** Who signs in next on WeCom's sign-in pages (scans the QR code, or opens the page inside WeCom). */
  signInAs(visitor: FakeWecomVisitor | undefined): void {
    this.#state.signIn.visitor = visitor;
  }

  callCount(endpoint: WecomEndpoint): number {
    return this.#http.callCount(endpoint);
  }

  /**
   * A member taps a button of a card this fake delivered: mints the click's response_code (so
   * update_template_card accepts it) and POSTs the callback. Throws when the tap is impossible on a real
   * phone — the card did not reach the member, has no such button, or was already greyed out.
   */
  async clickButton(click: ButtonClick): Promise<Response> {
    const card = this.#sentCard(click.corpid, click.taskId);
    const member = card.to.find((userId) => userId.toLowerCase() === click.userId.toLowerCase());
    if (member === undefined) throw new Error(`card ${click.taskId} did not reach ${click.userId}`);
    if (!card.buttons?.some((button) => button.key === click.eventKey)) {
      throw new Error(`card ${click.taskId} has no button ${click.eventKey}`);
    }
    if (this.#state.cards.replacedText(card, member) !== undefined) {
      throw new Error(`card ${click.taskId} of ${member} no longer shows buttons`);
    }
    const responseCode = this.#state.cards.mintClickCode(card, member);
    return clickButton({ ...click, userId: member, responseCode, agentid: card.agentid });
  }

  #sentCard(corpid: string, taskId: string): SentCard {
    const card = this.#state.cards.card(corpid, taskId);
    if (card?.taskId === undefined) throw new Error(`no card with task_id ${taskId} was sent in ${corpid}`);
    return { ...card, taskId: card.taskId };
  }
}

import {
  decodeCallback,
  verifyUrl,
  WecomCallbackError,
  type WecomCallbackConfig,
  type WecomCallbackEvent,
} from '../../../src/adapters/notifications/wecom/wecom-callback.js';
import { FakeHttpServer, type FakeReply, type FakeRequest } from '../../fakes/fake-http-server.js';
import { createSeededRandom } from '../../fakes/fault-injection.js';

/**
 * A loopback receive URL built on the callback helpers, standing in for qianfa's HTTP route: GET answers the
 * URL check, POST decodes the event; refusals answer 400 with the error code and are recorded.
 */
export class CallbackReceiver {
  readonly events: WecomCallbackEvent[] = [];
  readonly refusals: string[] = [];
  readonly #http: FakeHttpServer<'/wecom/callback'>;

  constructor(readonly config: WecomCallbackConfig) {
    this.#http = new FakeHttpServer({
      handle: (request) => this.#handle(request),
      refusalReply: () => ({ status: 500, body: 'unused', contentType: 'text/plain' }),
      random: createSeededRandom(1),
    });
  }

  async start(): Promise<this> {
    await this.#http.start();
    return this;
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  get url(): string {
    return `${this.#http.baseUrl}/wecom/callback`;
  }

  #handle(request: FakeRequest): FakeReply {
    try {
      if (request.method === 'GET') return text(200, verifyUrl(request.query, this.config));
      this.events.push(decodeCallback(request.query, request.body.toString('utf8'), this.config));
      return text(200, '');
    } catch (error) {
      if (!(error instanceof WecomCallbackError)) throw error;
      this.refusals.push(error.code);
      return text(400, error.code);
    }
  }
}

function text(status: number, body: string): FakeReply {
  return { status, body, contentType: 'text/plain; charset=utf-8' };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guardedDispatcher } from '../../../src/adapters/egress/guarded-dispatcher.js';
import { fetchWithDeadline } from '../../../src/adapters/notifications/notification-http.js';
import { createWebhookError } from '../../../src/adapters/notifications/webhook/webhook-error-codes.js';
import { WebhookNotifier } from '../../../src/adapters/notifications/webhook/webhook-notifier.js';
import { classified, notificationFailureOf, REVIEW_URL } from './notification-test-helpers.js';

const MIB = 1 << 20;
const SNIPPET = '上游繁忙'.repeat(100);

/** A raw loopback server with the answers the contract is about; it counts connections and requests. */
class ContractServer {
  readonly paths: string[] = [];
  connections = 0;
  readonly #server: Server = createServer((req, res) => this.#answer(req, res));

  async start(): Promise<void> {
    this.#server.on('connection', () => (this.connections += 1));
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string, host = '127.0.0.1'): URL {
    return new URL(`http://${host}:${(this.#server.address() as AddressInfo).port}${path}`);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    this.paths.push(req.url ?? '');
    req.resume();
    if (req.url === '/trickle') return trickle(res);
    if (req.url === '/huge') return void res.writeHead(200).end('a'.repeat(3 * MIB));
    if (req.url === '/moved') return void res.writeHead(302, { location: '/landing' }).end();
    if (req.url === '/busy') return void res.writeHead(503).end(SNIPPET);
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('收到');
  }
}

/** Headers at once, then a byte every few milliseconds for as long as the client listens. */
function trickle(res: ServerResponse): void {
  res.writeHead(200).write('a');
  const drip = setInterval(() => res.write('a'), 5);
  res.on('close', () => clearInterval(drip));
}

describe('fetchWithDeadline against a loopback server', () => {
  const server = new ContractServer();

  beforeAll(() => server.start());
  afterAll(() => server.close());
  beforeEach(() => void server.paths.splice(0));

  const call = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } as const;
  const exchange = (path: string, timeoutMs = 10_000) =>
    fetchWithDeadline(server.url(path), call, timeoutMs, createWebhookError);

  it('gives up at its deadline while the body still trickles in, as a timeout', async () => {
    const error = await notificationFailureOf(exchange('/trickle', 100));
    expect(classified(error)).toEqual({ code: 'timeout', kind: 'transient', transient: true });
  });

  it('keeps at most 1 MiB of a huge answer', async () => {
    const fetched = await exchange('/huge');
    expect({ status: fetched.status, length: fetched.text.length }).toEqual({ status: 200, length: MIB });
  });

  it('hands a redirect to the caller without following it', async () => {
    const fetched = await exchange('/moved');
    expect(fetched.status).toBe(302);
    expect(server.paths).toEqual(['/moved']);
  });

  it('turns a 5xx into http_5xx with the first 200 characters of the answer', async () => {
    const error = await notificationFailureOf(exchange('/busy'));
    expect(classified(error)).toEqual({ code: 'http_503', kind: 'transient', transient: true });
    expect(error.message).toContain(`（${SNIPPET.slice(0, 200)}）`);
    expect(error.message).not.toContain(SNIPPET.slice(0, 201));
  });

  it('reads the answer as UTF-8 text', async () => {
    await expect(exchange('/ok')).resolves.toEqual({ status: 200, text: '收到' });
  });

  it('refuses, through the egress guard, a name resolving to a private address: nothing is sent', async () => {
    const guard = guardedDispatcher([], () => Promise.resolve([{ address: '10.0.0.8', family: 4 }]));
    const target = server.url('/ok', 'hook.example.gov.cn');
    const error = await notificationFailureOf(
      fetchWithDeadline(target, call, 5_000, createWebhookError, guard),
    );
    expect(classified(error)).toMatchObject({ code: 'egress_refused', transient: false });
    expect(server.paths).toEqual([]);
  });
});

describe('WebhookNotifier connections', () => {
  const server = new ContractServer();

  beforeAll(() => server.start());
  afterAll(() => server.close());

  // undici answers before its connection is idle again, so the second send may open a second one; no more.
  it('keeps its connections alive across sends to the same receiver', async () => {
    const notifier = new WebhookNotifier({ timeoutMs: 10_000, allowHosts: ['127.0.0.1'] });
    const address = { channel: 'webhook', url: server.url('/hook').href, secret: 'whsec-1' } as const;
    const message = { title: '待审签', description: '请审签', url: REVIEW_URL };
    for (let sent = 0; sent < 10; sent += 1) await notifier.send(address, message);
    expect(server.paths).toHaveLength(10);
    expect(server.connections).toBeLessThanOrEqual(2);
  });
});

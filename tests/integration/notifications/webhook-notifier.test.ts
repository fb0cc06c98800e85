import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/adapters/notifications/notification.js';
import {
  verifyWebhookSignature,
  WebhookNotifier,
  type WebhookPayload,
} from '../../../src/adapters/notifications/webhook/webhook-notifier.js';
import { FakeHttpServer, type FakeReply, type FakeRequest } from '../../fakes/fake-http-server.js';
import { createSeededRandom } from '../../fakes/fault-injection.js';
import { classified, notificationFailureOf, REVIEW_URL } from './notification-test-helpers.js';

const SECRET = 'whsec-wangwu-7f3a9c';
const NOW = Date.UTC(2026, 10, 1, 2, 0, 0);
const MESSAGE: Notification = {
  title: '待审签：秋季征兵通告',
  description: '重要稿件，请审签',
  url: REVIEW_URL,
  event: 'review_awaiting',
  draft: 'Xr3',
  stage: 'sign',
};

/** A person's webhook endpoint: records what it received and answers `reply` (204 by default). */
class WebhookReceiver {
  readonly received: FakeRequest[] = [];
  reply: FakeReply = { status: 204, body: '', contentType: 'text/plain' };
  readonly http = new FakeHttpServer<'/hook' | '/moved'>({
    handle: (request) => {
      this.received.push(request);
      return this.reply;
    },
    refusalReply: () => ({ status: 500, body: 'unused', contentType: 'text/plain' }),
    random: createSeededRandom(1),
  });

  get url(): string {
    return `${this.http.baseUrl}/hook`;
  }
}

describe('WebhookNotifier against a loopback receiver', () => {
  let receiver: WebhookReceiver;
  let notifier: WebhookNotifier;

  beforeEach(async () => {
    receiver = new WebhookReceiver();
    await receiver.http.start();
    notifier = new WebhookNotifier({ now: () => NOW, timeoutMs: 5_000, allowHosts: ['127.0.0.1'] });
  });

  afterEach(async () => {
    await receiver.http.close();
  });

  const address = (url = receiver.url, secret = SECRET) => ({ channel: 'webhook', url, secret }) as const;

  it('POSTs the JSON payload with a signature the receiver helper verifies', async () => {
    await expect(notifier.send(address(), MESSAGE)).resolves.toEqual({ delivered: true });
    const [request] = receiver.received;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers['x-qianfa-timestamp']).toBe(String(NOW / 1000));
    const body = request?.body ?? Buffer.alloc(0);
    expect(verifyWebhookSignature(body, request?.headers['x-qianfa-signature'] as string, SECRET)).toBe(true);
    expect(verifyWebhookSignature(body, request?.headers['x-qianfa-signature'] as string, 'other')).toBe(
      false,
    );
    const payload = JSON.parse(body.toString('utf8')) as WebhookPayload;
    expect(payload).toEqual({
      event: 'review_awaiting',
      title: MESSAGE.title,
      description: MESSAGE.description,
      url: REVIEW_URL,
      draft: 'Xr3',
      stage: 'sign',
      at: '2026-11-01T02:00:00.000Z',
    });
  });

  it.each([
    [500, 'transient'],
    [503, 'transient'],
    [429, 'transient'],
    [408, 'transient'],
    [400, 'permanent'],
    [401, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
  ] as const)('classifies HTTP %s as %s', async (status, kind) => {
    receiver.reply = { status, body: 'no', contentType: 'text/plain' };
    const error = await notificationFailureOf(notifier.send(address(), MESSAGE));
    expect({ code: error.code, kind: error.kind }).toEqual({ code: `http_${status}`, kind });
    expect(error.channel).toBe('webhook');
  });

  it('does not follow a redirect (the signed POST would turn into a GET) and says why', async () => {
    receiver.reply = { status: 302, body: '', contentType: 'text/plain' };
    const error = await notificationFailureOf(notifier.send(address(), MESSAGE));
    expect(classified(error)).toEqual({ code: 'redirected', kind: 'permanent', transient: false });
    expect(receiver.received).toHaveLength(1);
  });

  it('reports a dropped connection and a refused port as transient network errors', async () => {
    receiver.http.faults.add('/hook', { type: 'drop_connection' });
    expect(classified(await notificationFailureOf(notifier.send(address(), MESSAGE))).code).toBe('network');
    const closed = new WebhookReceiver();
    await closed.http.start();
    const deadUrl = closed.url;
    await closed.http.close();
    const refused = await notificationFailureOf(notifier.send(address(deadUrl), MESSAGE));
    expect(classified(refused)).toEqual({ code: 'network', kind: 'transient', transient: true });
  });

  it('gives up at its deadline, as a transient timeout', async () => {
    receiver.http.faults.add('/hook', { type: 'hang' }); // no answer: the client gives up first
    const hurried = new WebhookNotifier({ timeoutMs: 40, allowHosts: ['127.0.0.1'] });
    const error = await notificationFailureOf(hurried.send(address(), MESSAGE));
    expect(classified(error)).toEqual({ code: 'timeout', kind: 'transient', transient: true });
  });

  it('refuses addresses it cannot sign for or reach, without sending anything', async () => {
    const cases = [
      address('ftp://example.gov.cn/hook'),
      address('not a url'),
      address(receiver.url.replace('http://', 'http://user:pass@')),
    ];
    for (const bad of cases) {
      expect(classified(await notificationFailureOf(notifier.send(bad, MESSAGE))).code).toBe('invalid_url');
    }
    expect((await notificationFailureOf(notifier.send(address(receiver.url, ''), MESSAGE))).code).toBe(
      'missing_secret',
    );
    expect(receiver.received).toEqual([]);
  });
});

describe('WebhookNotifier egress policy at send time (injected resolver)', () => {
  let receiver: WebhookReceiver;
  /** What the injected resolver answered, per name: the test plays the DNS. */
  let answers: Record<string, string[]>;
  const resolve = (hostname: string) =>
    Promise.resolve(
      (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

  beforeEach(async () => {
    receiver = new WebhookReceiver();
    await receiver.http.start();
    answers = {};
  });

  afterEach(async () => {
    await receiver.http.close();
  });

  /** The receiver's URL under a name instead of 127.0.0.1, so resolution goes through `resolve`. */
  const named = (hostname: string) => receiver.url.replace('127.0.0.1', hostname);
  const address = (url: string) => ({ channel: 'webhook', url, secret: SECRET }) as const;

  it.each([
    ['127.0.0.1'],
    ['::1'],
    ['::ffff:127.0.0.1'],
    ['169.254.169.254'],
    ['10.0.0.8'],
    ['172.16.5.4'],
    ['192.168.0.10'],
    ['fc00::8'],
    ['fe80::1'],
  ])('refuses a name resolving to %s: a failed notification with its reason, nothing sent', async (ip) => {
    answers['hook.example.gov.cn'] = [ip];
    const notifier = new WebhookNotifier({ timeoutMs: 5_000, resolve });
    const error = await notificationFailureOf(
      notifier.send(address(named('hook.example.gov.cn').replace('http://', 'https://')), MESSAGE),
    );
    expect(classified(error)).toMatchObject({ code: 'egress_refused', transient: false });
    expect(error.message).toMatch(/内网|本机/);
    expect(receiver.received).toEqual([]);
  });

  it('refuses when any of the addresses is private (one public answer does not launder the rest)', async () => {
    answers['mixed.example.gov.cn'] = ['8.8.8.8', '10.1.1.1'];
    const notifier = new WebhookNotifier({ timeoutMs: 5_000, resolve });
    const error = await notificationFailureOf(
      notifier.send(address('https://mixed.example.gov.cn/hook'), MESSAGE),
    );
    expect(classified(error).code).toBe('egress_refused');
  });

  it('refuses http:// and literal private addresses before any connection', async () => {
    const notifier = new WebhookNotifier({ timeoutMs: 5_000, resolve });
    const plain = await notificationFailureOf(
      notifier.send(address('http://hook.example.gov.cn/x'), MESSAGE),
    );
    expect(classified(plain).code).toBe('egress_not_https');
    const literal = await notificationFailureOf(notifier.send(address(receiver.url), MESSAGE));
    expect(classified(literal).code).toBe('egress_not_https');
    const mapped = await notificationFailureOf(
      notifier.send(address('https://[::ffff:127.0.0.1]/x'), MESSAGE),
    );
    expect(classified(mapped).code).toBe('egress_private_address');
    expect(receiver.received).toEqual([]);
  });

  it('delivers to an allowed host, connecting to the address the resolver gave', async () => {
    answers['hook.intranet.gov.cn'] = ['127.0.0.1'];
    const notifier = new WebhookNotifier({ timeoutMs: 5_000, allowHosts: ['hook.intranet.gov.cn'], resolve });
    await expect(notifier.send(address(named('hook.intranet.gov.cn')), MESSAGE)).resolves.toEqual({
      delivered: true,
    });
    expect(receiver.received).toHaveLength(1);
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signWebhookBody,
  toPayload,
  verifyWebhookSignature,
} from '../../../src/adapters/notifications/webhook/webhook-notifier.js';

const SECRET = 'whsec-wangwu-7f3a9c';
const BODY = '{"event":"review_awaiting","title":"待审签"}';

describe('webhook signatures', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body with the secret', () => {
    const expected = createHmac('sha256', SECRET).update(BODY, 'utf8').digest('hex');
    expect(signWebhookBody(BODY, SECRET)).toBe(`sha256=${expected}`);
    expect(signWebhookBody(Buffer.from(BODY), SECRET)).toBe(`sha256=${expected}`);
  });

  it('verifies the signature of the same bytes, as string or buffer, in either hex case', () => {
    const header = signWebhookBody(BODY, SECRET);
    expect(verifyWebhookSignature(BODY, header, SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(BODY), header, SECRET)).toBe(true);
    expect(verifyWebhookSignature(BODY, header.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(
      true,
    );
  });

  it.each([
    ['another secret', BODY, signWebhookBody(BODY, SECRET), 'whsec-other'],
    ['a changed body', BODY.replace('待审签', '已同意'), signWebhookBody(BODY, SECRET), SECRET],
    ['re-serialised JSON', JSON.stringify(JSON.parse(BODY), null, 1), signWebhookBody(BODY, SECRET), SECRET],
    ['no header', BODY, undefined, SECRET],
    ['another algorithm prefix', BODY, signWebhookBody(BODY, SECRET).replace('sha256=', 'sha1='), SECRET],
    ['a truncated digest', BODY, signWebhookBody(BODY, SECRET).slice(0, -2), SECRET],
    ['non-hex digits', BODY, `sha256=${'z'.repeat(64)}`, SECRET],
  ])('refuses %s', (_what, body, header, secret) => {
    expect(verifyWebhookSignature(body, header, secret)).toBe(false);
  });
});

describe('webhook payload', () => {
  it('defaults the event to review_awaiting and leaves out absent draft and stage', () => {
    const at = new Date(Date.UTC(2026, 10, 1, 2, 0, 0));
    expect(toPayload({ title: 't', description: 'd', url: 'https://x.example/m' }, at)).toEqual({
      event: 'review_awaiting',
      title: 't',
      description: 'd',
      url: 'https://x.example/m',
      at: '2026-11-01T02:00:00.000Z',
    });
  });
});

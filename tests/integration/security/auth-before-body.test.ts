import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewApp, type ReviewApp } from '../../helpers/review-app.js';

const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const ELEVEN_MB = 11 * 1024 * 1024;

interface EarlyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * Declares a large body, sends its first 64 KB only, and waits for the answer: a server that reads the body
 * before authenticating never answers (the test then times out), one that refuses first answers now.
 */
function postLargeBody(url: string, headers: Record<string, string>, declared: number): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': declared },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        outgoing.destroy();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body });
      });
    });
    outgoing.write(CHUNK);
  });
}

describe('the gateway authenticates before it reads a large body (issue 14, point 2)', () => {
  let t: ReviewApp;
  let origin: string;

  beforeAll(async () => {
    t = await startReviewApp();
    origin = await t.listen();
  });
  afterAll(() => t.close());

  const multipart = { 'Content-Type': 'multipart/form-data; boundary=x' };

  it.each(['/cgi-bin/material/add_material?type=image', '/cgi-bin/media/uploadimg'])(
    'refuses a WeChat upload to %s with a wrong token while the client is still sending',
    async (path) => {
      const separator = path.includes('?') ? '&' : '?';
      const url = `${origin}/gateway/wechat${path}${separator}access_token=bogus`;
      const answer = await postLargeBody(url, multipart, ELEVEN_MB);
      expect(answer.body).toMatchObject({ errcode: 40001 });
      expect(answer.headers.connection).toBe('close');
      const endpoint = `wechat ${path.split('?')[0]}`;
      const summary = (await t.refusalSummariesOf('_gateway')).at(-1);
      expect(summary?.details).toMatchObject({ by_endpoint: { [endpoint]: 1 } });
      expect(summary?.details['by_reason']).toHaveProperty('unknown_token');
    },
  );

  it.each([
    ['the query', '?access_token=bogus', {}],
    ['an OAuth2 header', '', { Authorization: 'OAuth2 bogus' }],
  ])(
    'refuses a Weibo post with a wrong token in %s before reading its body',
    async (_where, query, header) => {
      const url = `${origin}/gateway/weibo/2/statuses/share.json${query}`;
      const answer = await postLargeBody(url, { ...multipart, ...header }, 5 * 1024 * 1024);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error_code: 21332 });
      expect(answer.headers.connection).toBe('close');
    },
  );

  it('reads a Weibo body with the token inside only up to a small declared length', async () => {
    const url = `${origin}/gateway/weibo/2/statuses/share.json`;
    const answer = await postLargeBody(url, multipart, 5 * 1024 * 1024);
    expect(answer.body).toMatchObject({ error_code: 10018 });
    expect(answer.body['error']).toContain('Authorization: OAuth2');
    expect(answer.headers.connection).toBe('close');
  });
});

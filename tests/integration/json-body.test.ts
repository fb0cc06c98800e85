import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { jsonBodies } from '../../src/http/json-body.js';

/** What a route sees of one request's body (sent byte for byte) after `parser`, or the parser's error status and type. */
async function seen(parser: RequestHandler, body: Buffer, headers: Record<string, string>) {
  const app = express().use(parser);
  app.post('/', (req, res) => void res.json({ body: req.body as unknown }));
  app.use(((error: { status?: number; type?: string }, _req, res, _next) => {
    res.status(error.status ?? 500).json({ error: error.type });
  }) as ErrorRequestHandler);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body });
    return { status: response.status, body: await response.json() };
  } finally {
    server.close();
  }
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const NOTICE = JSON.stringify({
  title: '关于开展安全生产检查的通知',
  body: '各区县：请于𠀀月底前报送。😀\n'.repeat(300),
});

const CASES: [string, Buffer, Record<string, string>][] = [
  ['a notice in Chinese, with characters outside the BMP', utf8(NOTICE), JSON_TYPE],
  ['charset=utf-8', utf8(NOTICE), { 'Content-Type': 'application/json; charset=utf-8' }],
  ['a leading BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('{"a":"中"}')]), JSON_TYPE],
  ['a BOM alone', Buffer.from([0xef, 0xbb, 0xbf]), JSON_TYPE],
  [
    'invalid UTF-8 in a string',
    Buffer.concat([utf8('{"a":"'), Buffer.from([0xe4, 0xb8, 0xff, 0xc3]), utf8('"}')]),
    JSON_TYPE,
  ],
  [
    'a truncated character at the end',
    Buffer.concat([utf8('{"a":1}'), Buffer.from([0xe4, 0xb8])]),
    JSON_TYPE,
  ],
  ['an array', utf8(' \n[1,"二"]'), JSON_TYPE],
  ['a string at the top', utf8('"中文"'), JSON_TYPE],
  ['a number at the top', utf8(' 12'), JSON_TYPE],
  ['malformed JSON', utf8('{"a":'), JSON_TYPE],
  [
    'UTF-16 (left to express.json)',
    Buffer.from('{"a":"中"}', 'utf16le'),
    { 'Content-Type': 'application/json; charset=utf-16le' },
  ],
  [
    'charset=utf8 (refused by express.json)',
    utf8('{"a":1}'),
    { 'Content-Type': 'application/json; charset=utf8' },
  ],
  ['another type', utf8('{"a":1}'), { 'Content-Type': 'text/plain' }],
  ['over the limit', utf8(JSON.stringify({ a: 'x'.repeat(100_000) })), JSON_TYPE],
];

describe('jsonBodies', () => {
  for (const [what, body, headers] of CASES) {
    it(`gives a route what express.json gives it: ${what}`, async () => {
      const ours = await seen(jsonBodies('64kb'), body, headers);
      expect(ours).toEqual(await seen(express.json({ limit: '64kb' }), body, headers));
    });
  }

  it('reads the notice through its own path (not express.json) and gets every character', async () => {
    const ours = await seen(jsonBodies('1mb'), utf8(NOTICE), JSON_TYPE);
    expect(ours).toEqual({ status: 200, body: { body: JSON.parse(NOTICE) as unknown } });
  });
});

it('leaves a body some earlier part already read, as express.json does', async () => {
  const readFirst: RequestHandler = (req, _res, next) => {
    req.resume();
    req.on('end', () => next());
  };
  const body = utf8('{"a":1}');
  const after = (parser: RequestHandler) => seen(express.Router().use(readFirst, parser), body, JSON_TYPE);
  expect(await after(jsonBodies('64kb'))).toEqual(await after(express.json({ limit: '64kb' })));
});

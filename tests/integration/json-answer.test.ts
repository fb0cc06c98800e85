import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sendJsonAnswer } from '../../src/http/json-answer.js';

const STORED = {
  id: 'd-1',
  version: 2,
  status: 'in_review',
  title: '关于开展安全生产检查的通知',
  hash: 'a'.repeat(64),
};

/** Status, raw header lines in order (less those that change between requests) and body of one POST's answer. */
async function answerOf(handler: RequestHandler) {
  const app = express().set('etag', false).post('/', handler);
  const response = await request(app).post('/').send({});
  const raw = (response as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders;
  const lines = raw.flatMap((name, i) => (i % 2 === 0 ? [`${name}: ${raw[i + 1]}`] : []));
  return {
    status: response.status,
    headers: lines.filter((line) => !/^(date|connection|keep-alive):/i.test(line)),
    body: response.text,
  };
}

describe('sendJsonAnswer', () => {
  it('writes the very status, header lines and body that res.json writes', async () => {
    const ours = await answerOf((_req, res) => sendJsonAnswer(res, 201, STORED));
    expect(ours).toEqual(await answerOf((_req, res) => void res.status(201).json(STORED)));
    expect(ours.headers).toContain('Content-Type: application/json; charset=utf-8');
    expect(JSON.parse(ours.body)).toEqual(STORED);
  });
});

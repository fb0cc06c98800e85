import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/http/openapi.js';
import { securityHeaders } from '../../../src/http/security-headers.js';
import { startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

/** Every API route the OpenAPI document declares, with its parameters filled in: a new route is checked too. */
const API_ROUTES = Object.entries(openApiDocument().paths as Record<string, Record<string, unknown>>).flatMap(
  ([path, methods]) =>
    Object.keys(methods)
      .filter((method) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
      .map((method) => ({ method, path: `/api${path.replace(/^\/api/, '')}`.replace(/\{[^}]+\}/g, 'x') })),
);
const PAGE_ROUTES = [
  '/m/review/x',
  '/d/login/x',
  '/d/write',
  '/d/queue',
  '/d/review/x',
  '/healthz',
  '/readyz',
  '/nowhere',
];

function expectSecurityHeaders(headers: Record<string, string | undefined>, where: string): void {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, where).toContain("default-src 'none'");
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain('img-src data: https://mmbiz.qpic.cn');
  // Scripts only from qianfa's own files (the editor's live check), never inline or from elsewhere.
  expect(csp, where).toContain("script-src 'self';");
  expect(csp, where).not.toMatch(/unsafe-inline|unsafe-eval|script-src[^;]*(https?:|\*)/);
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['referrer-policy'], where).toBe('no-referrer');
  expect(headers['x-frame-options'], where).toBe('SAMEORIGIN');
}

describe('security headers on every page and API route', () => {
  let t: ReviewApp;
  let admin: Auth;

  beforeAll(async () => {
    t = await startReviewApp();
    admin = await t.person('管理员', ['admin']);
  });

  afterAll(async () => {
    await t.close();
  });

  it('declares routes to check (the OpenAPI document is read)', () => {
    expect(API_ROUTES.length).toBeGreaterThan(10);
  });

  it('sends them on every API route, authenticated or not, and on every page', async () => {
    for (const { method, path } of API_ROUTES) {
      const call = (request(t.app) as unknown as Record<string, (p: string) => request.Test>)[method]!;
      const anonymous = await call.call(request(t.app), path);
      expectSecurityHeaders(anonymous.headers, `${method} ${path} (anonymous)`);
      const authed = await call.call(request(t.app), path).set('Authorization', admin.header).send({});
      expectSecurityHeaders(authed.headers, `${method} ${path} (${authed.status})`);
    }
    for (const path of PAGE_ROUTES) expectSecurityHeaders((await request(t.app).get(path)).headers, path);
  });

  it('sends HSTS only when the public URL is https', async () => {
    const plain = await request(t.app).get('/healthz'); // PUBLIC_URL is http://qianfa.test
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    let publicUrl = 'https://qianfa.example.gov.cn';
    const app = express().use(securityHeaders(() => publicUrl));
    app.get('/', (_req, res) => void res.send('ok'));
    expect((await request(app).get('/')).headers['strict-transport-security']).toMatch(/max-age=31536000/);
    publicUrl = 'http://qianfa.example.gov.cn';
    expect((await request(app).get('/')).headers['strict-transport-security']).toBeUndefined();
  });
});

import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { wechatGatewayRoutes, type WechatGatewayDeps } from '../../src/gateway/wechat-gateway-routes.js';
import type { AuditLog } from '../../src/services/ports/audit.js';
import type { WechatGatewayService } from '../../src/services/wechat-gateway-service.js';

describe('wechatGatewayRoutes when qianfa itself fails', () => {
  it('answers -1 in WeChat’s envelope with an error id it logs, not qianfa’s own 500', async () => {
    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const failingAudit = {
      append: () => Promise.reject(new Error('audit store down')),
    } as unknown as AuditLog;
    const deps: WechatGatewayDeps = {
      auth: {
        exchange: () => Promise.reject(new Error('not called')),
        authenticate: () => Promise.resolve({ ok: false, error: { code: 'missing_token' } }),
      },
      service: {} as WechatGatewayService,
      audit: failingAudit,
      now: () => new Date('2026-12-05T08:00:00Z'),
      // A call without a token is counted into its window's summary: that store fails the same way.
      refusals: {
        count: () => Promise.reject(new Error('audit store down')),
        summariseEnded: () => Promise.reject(new Error('not called')),
      },
      logger: { error: (message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }) },
    };
    const app = express().use(wechatGatewayRoutes(deps));
    const answer = await request(app).post('/cgi-bin/draft/add').send({});
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body as object).sort()).toEqual(['errcode', 'errmsg']);
    const { errcode, errmsg } = answer.body as { errcode: number; errmsg: string };
    expect(errcode).toBe(-1);
    const id = /错误编号 ([0-9a-f-]{36})/.exec(errmsg)?.[1];
    expect(id).toBeDefined();
    expect(logged).toEqual([
      {
        message: 'gateway failure',
        fields: { errorId: id, error: expect.stringContaining('audit store down') as unknown },
      },
    ]);
  });
});

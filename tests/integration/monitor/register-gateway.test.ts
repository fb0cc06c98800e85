import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisRegisterStore } from '../../../src/adapters/redis/redis-register-store.js';
import type { RegisterEntry } from '../../../src/domain/monitor/register-entry.js';
import { startReviewApp, type ReviewApp } from '../../helpers/review-app.js';

const DAY_MS = 86_400_000;
const REAL_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

/** A running account run by an outsourced operator whose contract ends on `contractEnd` (Beijing time). */
function runningEntry(contractEnd: string): RegisterEntry {
  return {
    org: 'cc',
    platform: 'wechat',
    name: '崇川发布',
    details: {
      organiser: '南通市崇川区人民政府办公室',
      organiserShortName: '崇川',
      verified: true,
      verificationSubject: '南通市崇川区人民政府办公室',
      newsLicence: false,
      leader: { name: '李四', title: '副主任' },
      staff: [{ name: '王五' }],
      operator: { name: '某某文化传媒有限公司', contractEnd },
    },
    state: 'running',
    openingApprovedAt: '2026-01-05T02:00:00.000Z',
    runningSince: '2026-02-01T02:00:00.000Z',
    offline: [],
    history: [],
  };
}

describe('gateway credentials of an outsourced operator (register, issue 13 point 1)', () => {
  let t: ReviewApp;

  beforeEach(async () => {
    t = await startReviewApp();
    await t.person('外包甲', ['drafter'], { outsourced: true });
    await t.person('本单位拟稿', ['drafter']);
    const wechat = { org: 'cc', platform: 'wechat' as const, name: '崇川发布', appid: 'wx0123456789abcdef' };
    expect((await t.accounts.add({ ...wechat, secret: REAL_SECRET })).ok).toBe(true);
  });
  afterEach(() => t.close());

  it('stop working once the operator’s contract for the account has ended, at the gateway’s check', async () => {
    // The clock's today in Beijing, and a contract ending on it: usable today, not tomorrow.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await new RedisRegisterStore(t.redis, t.keys).add(runningEntry(today));
    const operator = await t.grantGateway('wechat:崇川发布', '外包甲', 90);
    const own = await t.grantGateway('wechat:崇川发布', '本单位拟稿', 90);
    const before = await t.gatewayCredentials.exchange(operator.appid, operator.secret);
    expect(before.ok).toBe(true);

    t.advanceClock(DAY_MS);
    const after = await t.gatewayCredentials.exchange(operator.appid, operator.secret);
    expect(after.ok ? 'ok' : after.error.code).toBe('operator_contract_ended');
    // A token issued before the end stops too: every use checks the credential afresh.
    const token = before.ok ? before.value.token : '';
    const used = await t.gatewayCredentials.authenticate(token, 'wechat');
    expect(used.ok ? 'ok' : used.error.code).toBe('operator_contract_ended');
    // The organisation's own staff are not the operator's: their credential works on.
    expect((await t.gatewayCredentials.exchange(own.appid, own.secret)).ok).toBe(true);
    // What the tool sees: WeChat's frozen-secret answer with a Chinese hint.
    const answer = await request(t.app)
      .get('/gateway/wechat/cgi-bin/token')
      .query({ grant_type: 'client_credential', appid: operator.appid, secret: operator.secret });
    expect(answer.body).toMatchObject({ errcode: 40243 });
    expect(String((answer.body as { errmsg: string }).errmsg)).toContain('合同');
  });
});

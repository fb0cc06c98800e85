import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisRefusalTallies } from '../../../src/adapters/redis/redis-refusal-tallies.js';
import type { AuditEntry } from '../../../src/domain/audit/audit-event.js';
import { refusalWindow } from '../../../src/domain/gateway/refusal-summary.js';
import {
  createRefusalSummaries,
  GATEWAY_AUDIT_ORG,
} from '../../../src/services/gateway/refusal-summaries.js';
import { startReviewApp, type ReviewApp } from '../../helpers/review-app.js';
import { until } from '../../helpers/until.js';

const WINDOW_SECONDS = 600;
/** Past a window's end and the grace a late count is given. */
const PAST_THE_WINDOW_MS = WINDOW_SECONDS * 1000 + 10_000;

/** Gateway token exchanges with a wrong secret for `appid`, each from its own address. */
async function guess(t: ReviewApp, appid: string, times: number, firstAddress = 0): Promise<void> {
  for (let i = firstAddress; i < firstAddress + times; i += 1) {
    const answer = await request(t.app)
      .get('/gateway/wechat/cgi-bin/token')
      .set('X-Forwarded-For', `10.1.${Math.floor(i / 250)}.${i % 250}`)
      .query({ grant_type: 'client_credential', appid, secret: `guess-${i}` });
    expect(answer.body).toMatchObject({ errcode: 40125 });
  }
}

const summaries = async (t: ReviewApp, org: string): Promise<AuditEntry[]> =>
  (await t.audit.all(org)).filter((entry) => entry.action === 'gateway_refusals_summarised');

describe('unauthenticated gateway refusals are summarised per window (issue 14, point 2)', () => {
  let t: ReviewApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function appWithCredential(gateway: { refusalSummaryMs?: number } = {}) {
    t = await startReviewApp({}, {}, gateway, undefined, { authWindowSeconds: WINDOW_SECONDS });
    t.app.set('trust proxy', true);
    const admin = await t.person('管理员', ['admin']);
    await t.person('赵六', ['drafter'], { outsourced: true });
    const account = { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: 's' };
    await request(t.app).post('/api/orgs/cc/accounts').set('Authorization', admin.header).send(account);
    return { t, operator: await t.grantGateway('wechat:崇川发布', '赵六') };
  }

  it('writes one entry for a flood of guesses, listing the first addresses and counting the rest', async () => {
    const { t, operator } = await appWithCredential();
    const before = (await t.audit.all('cc')).length;
    await guess(t, operator.appid, 30);
    expect(await t.audit.all('cc')).toHaveLength(before); // nothing chained while the window is open
    expect(await t.refusalSummaries.summariseEnded()).toBe(0);

    t.advanceClock(PAST_THE_WINDOW_MS);
    expect(await t.refusalSummaries.summariseEnded()).toBe(1);
    const [summary, ...more] = await summaries(t, 'cc');
    expect(more).toEqual([]);
    const details = summary!.details as Record<string, unknown>;
    expect(details).toMatchObject({
      total: 30,
      by_reason: { wrong_secret: 30 },
      calls_from_other_addresses: 10,
      distinct_addresses: 30,
      appids: { [operator.appid]: 30 },
    });
    expect(Object.keys(details['addresses'] as object)).toHaveLength(20);
    const start = Date.parse(details['window_start'] as string);
    expect(Date.parse(details['window_end'] as string) - start).toBe(WINDOW_SECONDS * 1000);
    expect(JSON.stringify(summary)).not.toContain('guess-'); // no secret is ever counted
    expect(await t.refusalSummaries.summariseEnded()).toBe(0); // once only
    expect(await t.verifyAudit('cc')).toMatchObject({ ok: true });
  });

  it('puts calls naming no credential in the gateway’s own chain, one summary per window', async () => {
    const { t } = await appWithCredential();
    const bogus = () => request(t.app).post('/gateway/wechat/cgi-bin/draft/add?access_token=bogus').send({});
    for (let i = 0; i < 3; i += 1) expect((await bogus()).body).toMatchObject({ errcode: 40001 });
    t.advanceClock(PAST_THE_WINDOW_MS);
    await bogus();
    t.advanceClock(PAST_THE_WINDOW_MS);
    expect(await t.refusalSummaries.summariseEnded()).toBe(2);
    const written = await summaries(t, GATEWAY_AUDIT_ORG);
    expect(written.map((entry) => entry.details['total'])).toEqual([3, 1]);
    expect(written[0]?.details['by_endpoint']).toEqual({ 'wechat /cgi-bin/draft/add': 3 });
    expect(await t.verifyAudit(GATEWAY_AUDIT_ORG)).toMatchObject({ ok: true });
  });

  it('keeps the counts through a restart: another process summarises them, exactly once', async () => {
    const { t, operator } = await appWithCredential();
    await guess(t, operator.appid, 5);
    t.advanceClock(PAST_THE_WINDOW_MS);
    // Two processes started afresh over the same Redis, racing for the ended window.
    const restarted = () =>
      createRefusalSummaries({
        tallies: new RedisRefusalTallies(t.redis, t.keys),
        now: () => new Date(Date.now() + PAST_THE_WINDOW_MS),
        windowMs: WINDOW_SECONDS * 1000,
      });
    const written = await Promise.all([restarted().summariseEnded(), restarted().summariseEnded()]);
    expect(written.reduce((a, b) => a + b)).toBe(1);
    expect((await summaries(t, 'cc')).map((entry) => entry.details['total'])).toEqual([5]);
  });

  it('hands a window claimed by a process that died to another once the claim has lapsed', async () => {
    const { t, operator } = await appWithCredential();
    await guess(t, operator.appid, 2);
    const tallies = new RedisRefusalTallies(t.redis, t.keys);
    const ended = new Date(Date.now() + PAST_THE_WINDOW_MS);
    expect(await tallies.claimEnded(ended, 60_000, 10)).toHaveLength(1); // …and the process dies here
    expect(await tallies.claimEnded(ended, 60_000, 10)).toEqual([]);
    const [lapsed] = await tallies.claimEnded(new Date(ended.getTime() + 60_001), 60_000, 10);
    expect(lapsed?.tally).toMatchObject({ total: 2, byReason: { wrong_secret: 2 } });
    expect(lapsed?.start).toEqual(refusalWindow(new Date(Date.now()), WINDOW_SECONDS * 1000).start);
  });

  it('writes summaries from the worker’s repeating job once the window has ended', async () => {
    const { t, operator } = await appWithCredential({ refusalSummaryMs: 100 });
    await t.startWorker();
    await guess(t, operator.appid, 2);
    t.advanceClock(PAST_THE_WINDOW_MS);
    await until('the summary in the trail', async () => (await summaries(t, 'cc')).length === 1);
  });
});

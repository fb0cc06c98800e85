import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/accounts.js';
import type { AuditEvent } from '../../src/domain/audit/audit-event.js';
import { ok } from '../../src/domain/result.js';
import { createBypassDetection } from '../../src/services/bypass-detection-service.js';
import type { AdminAlert } from '../../src/domain/admin-alert.js';
import type { PublishedEntry } from '../../src/services/ports/bypass.js';

const CREATED = Date.parse('2026-01-01T00:00:00Z') / 1000;

/** `count` entries newest first, one a minute from `newest` back; ids starting with `q` are qianfa's. */
function entries(count: number, newest: number, id = (i: number) => `x${i}`): PublishedEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    articleId: id(i),
    updateTime: newest - 60 * i,
    articles: [{ title: `标题${i}`, url: `https://mp.weixin.qq.com/s/${i}`, thumbMediaId: '' }],
  }));
}

/** The service over inline fakes: accounts `appid → what it published`; appid `broken` fails with 48001. */
function detection(published: Record<string, PublishedEntry[]>, options: { maxPages?: number } = {}) {
  const accounts: Account[] = Object.keys(published).map((appid) => ({
    org: 'cc',
    platform: 'wechat',
    name: `号${appid}`,
    appid,
    createdAt: new Date(CREATED * 1000).toISOString(),
  }));
  const offsets: Record<string, number[]> = {};
  const alerts: AdminAlert[] = [];
  const audit: AuditEvent[] = [];
  const flagged = new Set<string>();
  const watermarks = new Map<string, number>();
  const service = createBypassDetection({
    orgs: { listOrgs: () => Promise.resolve(['cc']) },
    accounts: {
      list: () => Promise.resolve(ok([...accounts, { ...accounts[0]!, platform: 'weibo', name: '微博' }])),
      credentials: (_org, _platform, name) =>
        Promise.resolve(ok({ account: accounts.find((a) => a.name === name)!, secret: 's' })),
    },
    feed: {
      page({ appid }, offset, count) {
        (offsets[appid] ??= []).push(offset);
        if (appid === 'broken') {
          const error = Object.assign(new Error('48001'), {
            name: 'PublisherError',
            platformCode: '48001',
            explanation: '公众号未认证',
          });
          return Promise.reject(error);
        }
        return Promise.resolve(published[appid]!.slice(offset, offset + count));
      },
    },
    index: {
      classify: (_org, _account, { articleId }) =>
        Promise.resolve(articleId.startsWith('q') ? { kind: 'ours' } : { kind: 'foreign' }),
    },
    ledger: {
      watermark: (_org, account) => Promise.resolve(watermarks.get(account) ?? null),
      setWatermark: (_org, account, seconds) => Promise.resolve(void watermarks.set(account, seconds)),
      flag(_org, account, articleId, event) {
        const key = `${account}/${articleId}`;
        if (flagged.has(key)) return Promise.resolve(false);
        flagged.add(key);
        audit.push(event);
        return Promise.resolve(true);
      },
    },
    alerts: {
      raise: (alert) => Promise.resolve(void alerts.push(alert)),
      list: () => Promise.resolve(alerts),
    },
    now: () => new Date('2026-02-01T00:00:00Z'),
    ...options,
  });
  return { service, offsets, alerts, audit, watermarks };
}

describe('bypass detection scan', () => {
  it('reads back to the account creation, flags foreign articles, and moves the watermark', async () => {
    const newest = CREATED + 3_600;
    // 70 articles a minute apart, every other one qianfa's: the last nine predate the account.
    const all = entries(70, newest, (i) => (i % 2 === 0 ? `q${i}` : `x${i}`));
    const { service, offsets, alerts, audit, watermarks } = detection({ wx1: all });
    const summary = await service.scan();
    expect(offsets['wx1']).toEqual([0, 20, 40, 60]);
    expect(summary).toMatchObject({ accounts: 1, articles: 61, pending: 0, failed: [], truncated: [] });
    expect(summary.flagged).toHaveLength(30);
    expect(summary.flagged.every((finding) => finding.updateTime >= CREATED)).toBe(true);
    expect(alerts).toHaveLength(30);
    expect(alerts[0]).toMatchObject({ kind: 'bypass_detected', target: 'wechat:号wx1' });
    expect(audit[0]).toMatchObject({ action: 'bypass_detected', actor: 'qianfa', draft: '' });
    expect(watermarks.get('号wx1')).toBe(newest - 120);

    const again = await service.scan();
    expect(offsets['wx1']).toEqual([0, 20, 40, 60, 0]);
    expect(again).toMatchObject({ articles: 3, flagged: [] });
    expect(alerts).toHaveLength(30);
  });

  it('reads at most maxPages and says the account was cut short', async () => {
    const { service, offsets, watermarks } = detection(
      { wx1: entries(100, CREATED + 10_000) },
      { maxPages: 2 },
    );
    const summary = await service.scan();
    expect(offsets['wx1']).toEqual([0, 20]);
    expect(summary).toMatchObject({ articles: 40, truncated: [{ org: 'cc', account: '号wx1' }] });
    expect(watermarks.get('号wx1')).toBe(CREATED + 10_000 - 120);
  });

  it('reports an account that fails and scans the others', async () => {
    const { service, alerts, watermarks } = detection({ broken: [], wx2: entries(1, CREATED + 60) });
    const summary = await service.scan();
    expect(summary.failed).toEqual([
      { org: 'cc', account: '号broken', code: '48001', message: '公众号未认证' },
    ]);
    expect(summary).toMatchObject({ accounts: 1, articles: 1 });
    expect(alerts.map((alert) => alert.target)).toEqual(['wechat:号wx2']);
    expect(watermarks.has('号broken')).toBe(false);
  });
});

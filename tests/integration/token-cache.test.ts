import request from 'supertest';
import type { Express } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReviewApp, type ReviewApp } from '../helpers/review-app.js';

const listed = (app: Express, header: string) => request(app).get('/api/drafts').set('Authorization', header);

describe('tokens cached in process', () => {
  let t: ReviewApp;

  beforeEach(async () => {
    t = await startReviewApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it('refuses a reissued token on the very next request, in this process and in another one', async () => {
    const drafter = await t.person('张三', ['drafter']);
    const other = await t.secondInstance();
    for (const app of [t.app, other, t.app, other])
      expect((await listed(app, drafter.header)).status).toBe(200);
    const before = await commandCalls(t, 'evalsha');
    expect((await listed(t.app, drafter.header)).status).toBe(200);
    // Answered from the cache: the one script run is the address throttle's read, not the credential script.
    expect(await commandCalls(t, 'evalsha')).toBe(before + 1);

    const reissued = await t.people.issueToken('cc', '张三');
    if (!reissued.ok) throw new Error('reissue failed');
    for (const app of [t.app, other]) expect((await listed(app, drafter.header)).status).toBe(401);
    const fresh = `Bearer ${reissued.value.token}`;
    for (const app of [t.app, other]) expect((await listed(app, fresh)).status).toBe(200);
  });

  it('refuses the cached token of a person just disabled, in this process and in another one', async () => {
    const drafter = await t.person('张三', ['drafter']);
    const other = await t.secondInstance();
    for (const app of [t.app, other]) expect((await listed(app, drafter.header)).status).toBe(200);
    const disabled = await t.people.disablePerson('cc', '张三');
    expect(disabled.ok).toBe(true);
    for (const app of [t.app, other]) expect((await listed(app, drafter.header)).status).toBe(401);
  });
});

/** How often Redis ran `command` so far (INFO commandstats). */
async function commandCalls(t: ReviewApp, command: string): Promise<number> {
  const info = await t.redis.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
}

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckPool, type CheckPool } from '../../src/adapters/checking/check-pool.js';
import { createChecker, WordlistError } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import type { CheckScope } from '../../src/domain/checks/check-scope.js';
import type { DraftContent } from '../../src/domain/draft-content.js';
import type { Draft } from '../../src/domain/draft.js';
import { DEFAULT_WORDLISTS_DIR } from '../../src/package-dirs.js';
import { fullReport } from '../../src/services/draft-checker.js';
import { hostileDraft } from '../helpers/hostile-drafts.js';
import { readSeed, SEED_FILES, seedDraft } from '../helpers/seeds.js';
import { until } from '../helpers/until.js';

const SMALL: Draft = { title: '停水通知', body: '明天上午九点至十二点，滨江路一带停水。' };
const LONG_WECHAT_TITLE: DraftContent = {
  title: '关于做好二〇二六年冬季供暖保障工作和安全生产检查以及困难群众走访慰问的通知',
  body: '请各单位认真落实。',
  targets: ['wechat:崇川发布'],
};

describe('the check pool', () => {
  let pool: CheckPool;
  let here: Checker;

  beforeAll(async () => {
    [pool, here] = await Promise.all([
      createCheckPool({
        wordlistsDir: DEFAULT_WORDLISTS_DIR,
        threads: 2,
        budgetMs: 60_000,
        abandonedGraceMs: 600_000,
      }),
      createChecker(),
    ]);
  });

  afterAll(() => pool.close());

  const drafts: [string, Draft | DraftContent, CheckScope | undefined][] = [
    ...SEED_FILES.map((name): [string, Draft, undefined] => [name, seedDraft(readSeed(name)), undefined]),
    [
      'markdown with a gambling word',
      { title: '通知', body: '## 活动\n\n[澳门赌博网](x)', format: 'markdown' },
      undefined,
    ],
    ['html', { title: '通知', body: '<p>加微信 领取 <b>百家乐</b></p>', format: 'html' }, undefined],
    ['a WeChat title over the platform limit', LONG_WECHAT_TITLE, undefined],
    [
      'with a scope',
      { ...SMALL, body: '百家乐' },
      { date: '2026-12-04', allow: ['百家乐'], sources: ['南通日报'] },
    ],
  ];

  it.each(drafts)('gives the report the calling thread gives: %s', async (_name, draft, scope) => {
    expect(await pool.check(draft, scope)).toEqual(fullReport(here, draft, scope));
  });

  it('stops a check over its budget with its thread; the next check runs on a fresh thread', async () => {
    const before = pool.stats();
    // ~1 MB of hostile text takes well over 100 ms on this machine: far past 20 ms on a much faster one too.
    const refused = pool.run(hostileDraft(1_000_000), undefined, undefined, 20);
    await expect(refused).rejects.toMatchObject({ name: 'CheckTooComplexError', budgetMs: 20 });
    expect(pool.stats()).toMatchObject({ running: 0, overBudget: before.overBudget + 1 });
    expect(await pool.check(SMALL)).toEqual(fullReport(here, SMALL));
    expect(pool.stats().threads).toBe(2);
  });

  it('answers a caller who aborts at once; its check keeps the thread while it finishes within the grace', async () => {
    const before = pool.stats();
    const caller = new AbortController();
    const checking = pool.check(hostileDraft(), undefined, caller.signal);
    await until('the hostile check to start on a thread', () => pool.stats().running === 1);
    caller.abort();
    await expect(checking).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.stats()).toMatchObject({ running: 1, cancelled: before.cancelled + 1 });
    await until('the abandoned check to finish on its thread', () => pool.stats().running === 0);
    expect(pool.stats()).toMatchObject({ replaced: before.replaced, threads: 2 });
    expect(await pool.check(SMALL)).toEqual(fullReport(here, SMALL));
  });
});

describe('a check pool without a grace for abandoned checks', () => {
  it('stops a running check whose caller aborts with its thread, and starts another thread', async () => {
    const pool = await createCheckPool({
      wordlistsDir: DEFAULT_WORDLISTS_DIR,
      threads: 1,
      budgetMs: 60_000,
      abandonedGraceMs: 0,
    });
    try {
      const caller = new AbortController();
      const checking = pool.check(hostileDraft(), undefined, caller.signal);
      await until('the hostile check to start on a thread', () => pool.stats().running === 1);
      caller.abort();
      await expect(checking).rejects.toMatchObject({ name: 'AbortError' });
      await until('the thread to be stopped', () => pool.stats().running === 0);
      expect(pool.stats()).toMatchObject({ cancelled: 1, replaced: 1 });
      expect(await pool.check(SMALL)).toEqual(fullReport(await createChecker(), SMALL));
    } finally {
      await pool.close();
    }
  });
});

describe('starting a check pool', () => {
  it('refuses invalid word lists with WordlistError, before any thread takes a check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qianfa-lists-'));
    try {
      cpSync(DEFAULT_WORDLISTS_DIR, dir, { recursive: true });
      writeFileSync(join(dir, 'bad.txt'), '# colour: red\n# type: words\n赌\n');
      const starting = createCheckPool({ wordlistsDir: dir, threads: 1, budgetMs: 1000 });
      await expect(starting).rejects.toBeInstanceOf(WordlistError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { AdminAlert } from '../../../src/domain/admin-alert.js';
import { alertIdOf } from '../../../src/domain/admin-alert.js';
import { correctionText, FINDING_MARK, markFindings } from '../../../src/domain/correction.js';
import { contentHash, type DraftContent } from '../../../src/domain/draft-content.js';

const ALERT: AdminAlert = {
  org: 'cc',
  kind: 'online_finding',
  message: '巡检发现',
  target: 'wechat:崇川发布',
  at: '2026-12-05T08:00:00.000Z',
  details: { url: 'https://mp.weixin.qq.com/s/a', texts: '甲词、乙词' },
};

describe('correction texts', () => {
  it('marks every occurrence of each finding, longest words first, without repeating them', () => {
    expect(markFindings('甲词与甲词组，乙词。', ['甲词', '甲词组', '乙词'])).toBe(
      `${FINDING_MARK}与${FINDING_MARK}，${FINDING_MARK}。`,
    );
  });

  it('names the original with its day and link; a retraction says it is withdrawn', () => {
    const original = {
      title: '通知',
      body: '<p>甲词活动</p><p>欢迎</p>',
      format: 'html' as const,
      day: '2026-12-01',
    };
    const link = { url: 'https://mp.weixin.qq.com/s/a' };
    expect(correctionText('correction', original, link, ['甲词'])).toEqual({
      title: '更正：通知',
      body: `本号于2026年12月1日发布的《通知》（https://mp.weixin.qq.com/s/a）存在错误，现更正如下：\n\n${FINDING_MARK}活动\n欢迎`,
    });
    expect(correctionText('retraction', original, link, []).title).toBe('关于撤回《通知》的说明');
  });
});

describe('alert ids and the approved link', () => {
  it('gives an alert the same id each time it is read, and another alert another', () => {
    expect(alertIdOf({ ...ALERT })).toBe(alertIdOf(ALERT));
    expect(alertIdOf({ ...ALERT, at: '2026-12-06T08:00:00.000Z' })).not.toBe(alertIdOf(ALERT));
  });

  it('binds approval to what a correction corrects and to whether it deletes', () => {
    const content: DraftContent = { title: 't', body: 'b', targets: ['wechat:崇川发布'] };
    const corrects = {
      kind: 'correction' as const,
      target: 'wechat:崇川发布' as const,
      url: 'u',
      title: 't',
    };
    const corrected = contentHash({ ...content, corrects });
    expect(corrected).not.toBe(contentHash(content));
    expect(contentHash({ ...content, corrects: { ...corrects, kind: 'retraction' } })).not.toBe(corrected);
  });
});

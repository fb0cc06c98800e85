import { describe, expect, it } from 'vitest';
import { renderReviewPage } from '../../../src/pages/review-page.js';
import { sampleModel } from './review-fixtures.js';

// Deciders approve what will be published: the draft's own cover and digest are on the page they sign from.
describe('review page: cover and digest', () => {
  it('shows the cover from a platform image host and the digest', () => {
    const model = sampleModel();
    const cover = 'https://mmbiz.qpic.cn/cover.png';
    const draft = { ...model.draft, cover, digest: '本周六停水八小时' };
    const markup = String(renderReviewPage({ ...model, draft }));
    expect(markup).toContain(`<img class="wx-cover" src="${cover}" alt="封面" />`);
    expect(markup).toContain('摘要：本周六停水八小时');
  });

  it('names a cover it may not load instead of fetching it, and says when the default cover is used', () => {
    const model = sampleModel();
    const tracker = 'https://tracker.example.com/pixel.png';
    const named = String(renderReviewPage({ ...model, draft: { ...model.draft, cover: tracker } }));
    expect(named).toContain(`封面：${tracker}`);
    expect(named).not.toContain(`src="${tracker}"`);
    expect(String(renderReviewPage(model))).toContain('封面：账号默认封面');
  });

  it('names the cover a gateway tool uploaded, which is published as it is', () => {
    const model = sampleModel();
    const markup = String(
      renderReviewPage({ ...model, draft: { ...model.draft, coverMediaId: 'tool-cover-1' } }),
    );
    expect(markup).toContain('封面：工具通过网关上传的素材（tool-cover-1）');
    expect(markup).not.toContain('账号默认封面');
  });
});

import { describe, expect, it } from 'vitest';
import { renderReviewPage } from '../../../src/pages/review-page.js';
import { sampleModel } from './review-fixtures.js';

describe('review page of a correction or retraction', () => {
  it('names the original it corrects, linked', () => {
    const model = sampleModel();
    const url = 'https://mp.weixin.qq.com/s/abc';
    const corrects = { kind: 'correction' as const, title: '停水通知', url };
    const markup = String(renderReviewPage({ ...model, draft: { ...model.draft, corrects } }));
    expect(markup).toContain(`更正原文：<a href="${url}" rel="noopener noreferrer">《停水通知》</a>`);
  });

  it('says a retraction, and links nothing that is not a web address', () => {
    const model = sampleModel();
    const corrects = { kind: 'retraction' as const, title: '停水通知', url: 'javascript:alert(1)' };
    const markup = String(renderReviewPage({ ...model, draft: { ...model.draft, corrects } }));
    expect(markup).toContain('撤回原文：《停水通知》');
    expect(markup).not.toContain('javascript:');
  });

  it('shows no such line on an ordinary draft', () => {
    expect(String(renderReviewPage(sampleModel()))).not.toContain('class="small corrects"');
  });
});

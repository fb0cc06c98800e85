import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/checks/finding.js';
import { findingKey, freshFindings, outboundLinks } from '../../../src/domain/monitor/patrol.js';
import { isDead, nextLinkRecord } from '../../../src/domain/monitor/patrol-links.js';

const finding = (text: string, start: number): Finding => ({
  rule: 'wordlist:ad',
  category: 'ad',
  action: 'block',
  field: 'body',
  start,
  end: start + text.length,
  text,
  message: '含广告',
});

describe('patrol: findings already reported', () => {
  it('are known by rule, field and words, wherever they moved, and a finding repeated in one article counts once', () => {
    const known = new Set([findingKey(finding('蓝鲸汇通', 3))]);
    expect(freshFindings([finding('蓝鲸汇通', 40), finding('速贷', 9), finding('速贷', 60)], known)).toEqual([
      finding('速贷', 9),
    ]);
  });
});

describe('patrol: outbound links', () => {
  it('takes http(s) and www. links from hrefs and text once each, and leaves bare domains and other schemes', () => {
    const body =
      '<p><a href="https://www.gov.cn/zhengce/a.html">政策</a> 见 https://www.gov.cn/zhengce/a.html 或 www.example.org/x，' +
      '邮箱 mailto:a@b.cn，另见 example.com</p>';
    expect(outboundLinks({ body, format: 'html' })).toEqual([
      'https://www.gov.cn/zhengce/a.html',
      'http://www.example.org/x',
    ]);
  });
});

describe('patrol: dead links', () => {
  const down = { reachable: false as const, status: 404, reason: 'http_404' };
  it('is dead on the second patrol in a row that cannot reach it, not on the first (flapping)', () => {
    const once = nextLinkRecord(undefined, down, 'run1');
    expect(isDead(once)).toBe(false);
    // Seen in another article of the same run: still one failure.
    expect(nextLinkRecord(once, down, 'run1')).toBe(once);
    const twice = nextLinkRecord(once, down, 'run2');
    expect(twice).toEqual({ failures: 2, last: '404', run: 'run2' });
    expect(isDead(twice)).toBe(true);
  });

  it('starts counting again once it answers', () => {
    const twice = nextLinkRecord(nextLinkRecord(undefined, down, 'a'), down, 'b');
    const back = nextLinkRecord(twice, { reachable: true, status: 200 }, 'c');
    expect(back.failures).toBe(0);
    expect(isDead(nextLinkRecord(back, down, 'd'))).toBe(false);
  });
});

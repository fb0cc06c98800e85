/**
 * Full `check()` on hostile inputs at 100 KB and 1 MB (target: every 1 MB input ≤ 250 ms). The time per MB at
 * both sizes shows linearity: a ratio near 1 is linear, a ratio near 10 quadratic. An input whose 100 KB run
 * already takes longer than SKIP_AFTER_MS is not run at 1 MB (it would take minutes) and counts as failing.
 * Each input is warmed at 10 KB first. Figures are wall-clock on a shared machine: compare ratios, not runs.
 * Run: npm run bench (or npx tsx bench/adversarial-bench.ts).
 */
import { performance } from 'node:perf_hooks';
import { createChecker } from '../src/create-checker.js';
import type { DraftFormat } from '../src/domain/draft.js';

const TARGET_MS = 250;
const SKIP_AFTER_MS = 2500;
const SIZES = [100_000, 1_000_000];

/** `unit` repeated to exactly `size` UTF-16 units. */
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
/** Opening `open` repeated, the closing ones after, to `size` units in all. */
const nest = (open: string, close: string, size: number) => {
  const depth = Math.floor(size / (open.length + close.length));
  return open.repeat(depth) + close.repeat(depth);
};
const ARTICLE =
  '为进一步规范政务新媒体管理，区政府办公室决定开展专项检查。各单位要高度重视，认真对照要求逐项自查，' +
  '于本月底前将自查报告报送区政务公开办公室。联系电话：0513-85550000。\n';

interface Case {
  name: string;
  format: DraftFormat;
  body: (size: number) => string;
}

const CASES: Case[] = [
  { name: 'markdown: [ repeated', format: 'markdown', body: (n) => fill('[', n) },
  { name: 'markdown: nested emphasis', format: 'markdown', body: (n) => nest('*_', '_*', n) },
  { name: 'markdown: nested lists and quotes', format: 'markdown', body: (n) => fill('> - > 1. ', n) },
  { name: 'markdown: link-reference chain', format: 'markdown', body: (n) => fill('[a][b]\n[b]: /c "t"\n', n) },
  { name: 'markdown: unclosed links', format: 'markdown', body: (n) => fill('[链接](http://x.cn/', n) },
  { name: 'html: <div> nested', format: 'html', body: (n) => nest('<div>', '</div>', n) },
  { name: 'html: unclosed tags', format: 'html', body: (n) => fill('<div><p><span>', n) },
  { name: 'html: stray close tags', format: 'html', body: (n) => fill('<b>', n / 2) + fill('</i>', n / 2) },
  { name: 'html: deep inline nesting', format: 'html', body: (n) => nest('<span><b><i>', '</i></b></span>', n) },
  { name: 'html: huge attribute', format: 'html', body: (n) => `<a href="http://x.cn/${fill('a', n - 30)}">x</a>` },
  { name: 'html: hidden spans', format: 'html', body: (n) => fill('<p style="display:none">正文</p>', n) },
  { name: 'html: empty tags with one id', format: 'html', body: (n) => fill('<legend id="h4sia"></legend>', n) },
  { name: 'text: gambling word repeated', format: 'text', body: (n) => fill('澳门赌博网', n) },
  { name: 'text: overlapping terms', format: 'text', body: (n) => fill('澳门赌博澳门赌场博彩', n) },
  { name: 'text: ad words repeated', format: 'text', body: (n) => fill('代开发票，', n) },
  { name: 'text: 1 MB of digits', format: 'text', body: (n) => fill('1', n) },
  { name: 'text: digits with separators', format: 'text', body: (n) => fill('1380 0138 000 ', n) },
  { name: 'text: ID-like runs', format: 'text', body: (n) => fill('11010519491231002X ', n) },
  { name: 'text: mobile-like runs', format: 'text', body: (n) => fill('13800138000', n) },
  { name: 'text: long line', format: 'text', body: (n) => fill('各部门要认真落实工作要求', n) },
  { name: 'text: invisible characters', format: 'text', body: (n) => fill('澳\u200b门', n) },
  { name: 'text: article', format: 'text', body: (n) => fill(ARTICLE, n) },
  { name: 'markdown: article', format: 'markdown', body: (n) => fill(`## 通知\n\n${ARTICLE}\n- 一项\n- 二项\n`, n) },
  { name: 'html: article', format: 'html', body: (n) => fill(`<section style="font-size:16px"><p>${ARTICLE}</p></section>`, n) },
]; // prettier-ignore

const checker = await createChecker();
for (const { format } of CASES) checker.check({ title: '通知', body: ARTICLE, format });

function timeCheck(body: string, format: DraftFormat): number {
  const started = performance.now();
  checker.check({ title: '关于开展专项检查的通知', body, format });
  return performance.now() - started;
}

console.log('\n## check() on adversarial inputs (target: 1 MB ≤ 250 ms)\n');
console.log('| input | 100 KB ms | 1 MB ms | ms/MB at 100 KB | ms/MB at 1 MB | ratio | ≤ 250 ms |');
console.log('|---|---:|---:|---:|---:|---:|:---:|');
let slowest = { name: '', ms: 0 };
let failing = 0;
for (const { name, format, body } of CASES) {
  timeCheck(body(10_000), format); // warm the code paths this input takes
  const small = timeCheck(body(SIZES[0]!), format);
  const large = small > SKIP_AFTER_MS ? undefined : timeCheck(body(SIZES[1]!), format);
  const perMbSmall = (small * 1_000_000) / SIZES[0]!;
  const perMbLarge = large === undefined ? undefined : (large * 1_000_000) / SIZES[1]!;
  const ok = large !== undefined && large <= TARGET_MS;
  if (!ok) failing++;
  const largeMs = large ?? Number.POSITIVE_INFINITY;
  if (largeMs > slowest.ms) slowest = { name, ms: largeMs };
  console.log(
    `| ${name} | ${small.toFixed(1)} | ${large === undefined ? 'skipped' : large.toFixed(1)} | ` +
      `${perMbSmall.toFixed(0)} | ${perMbLarge === undefined ? '–' : perMbLarge.toFixed(0)} | ` +
      `${perMbLarge === undefined ? '–' : (perMbLarge / perMbSmall).toFixed(2)} | ${ok ? 'yes' : '**no**'} |`,
  );
}

const slowestMs = Number.isFinite(slowest.ms) ? `${slowest.ms.toFixed(1)} ms` : 'not run (super-linear)';
console.log(
  `\nSlowest 1 MB input: ${slowest.name}, ${slowestMs}; ${failing === 0 ? 'all meet' : `${failing} miss`} the ${TARGET_MS} ms target.`,
);

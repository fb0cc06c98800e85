/*
 * The context rules (personal data, opinion and quotations, links, reposts, grading, publicity) on hostile 1 MB
 * inputs: milliseconds per rule over the bare scan. Run: npx tsx bench/context-rules-bench.ts
 */
import { readWordlists } from '../src/adapters/files/read-wordlists.js';
import { buildChecker } from '../src/domain/checks/build-checker.js';
import type { CheckRule } from '../src/domain/checks/check-context.js';
import { checkLinks } from '../src/domain/checks/links-check.js';
import { opinionRule } from '../src/domain/checks/opinion-check.js';
import { checkPersonalData } from '../src/domain/checks/personal-data-check.js';
import { referenceListsOf } from '../src/domain/checks/reference-lists.js';
import { checkRepost } from '../src/domain/checks/repost-check.js';
import { GRADE_RULES } from '../src/domain/grading/grade-rules.js';
import { DEFAULT_WORDLISTS_DIR } from '../src/package-dirs.js';

const MB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const INPUTS: Record<string, string> = {
  'single digits': fill('1 '),
  'phone numbers': fill('13812345678，'),
  'labelled numbers': fill('学号13812345678 '),
  'card groups': fill('6228 4800 1234 5678 903 '),
  'open quotes': fill('“我觉得'),
  'quoted speech': fill('他说：“太气人了！！”'),
  'one long sentence of citations': `${fill('依')}管理办法`,
  'region decisions': fill('全区决定'),
  'event words': fill('今日我区发生爆炸'),
  'bare domains': fill('a.com '),
  'one dotted island': fill('a.b1'),
};
const RULES: Record<string, CheckRule[]> = {
  'personal data': [checkPersonalData],
  'opinion and quotes': [opinionRule],
  links: [checkLinks],
  repost: [checkRepost],
  grading: [...GRADE_RULES],
};

const result = await readWordlists(DEFAULT_WORDLISTS_DIR);
if ('errors' in result) throw new Error(result.errors.join('\n'));
const references = referenceListsOf(result.lists);
const time = (rules: CheckRule[], body: string) => {
  const checker = buildChecker(result.lists, rules, references);
  const started = performance.now();
  checker.check({ title: '通知', body, kind: 'repost', source: '网友爆料', disclosure: 'punishment' });
  return performance.now() - started;
};

let slowest = { ms: 0, what: '' };
for (const [input, body] of Object.entries(INPUTS)) {
  const bare = time([], body);
  const row = Object.entries(RULES).map(([name, rules]) => {
    const ms = Math.max(0, time(rules, body) - bare);
    if (ms > slowest.ms) slowest = { ms, what: `${name} on ${input}` };
    return `${name} ${ms.toFixed(0)}`;
  });
  console.log(`${input.padEnd(32)} scan ${bare.toFixed(0)} ms | ${row.join(' | ')} ms`);
}
console.log(`slowest context rule over the scan: ${slowest.ms.toFixed(0)} ms (${slowest.what})`);

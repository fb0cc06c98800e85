/**
 * How right the checker is on labelled corpora of realistic posts: blocked / grade / category against each post's
 * `expect`, and how many clean posts it blocks. Run: npm run eval [DIR…] (default: every folder under
 * tests/fixtures/corpus/). Prints one line per wrong post with the findings that decided it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { createChecker } from '../src/create-checker.js';
import { decidingFindings, judge, readCorpus, type CorpusPost } from '../tests/helpers/corpus-posts.js';

const CORPUS_ROOT = fileURLToPath(new URL('../tests/fixtures/corpus/', import.meta.url));

function defaultDirs(): string[] {
  if (!existsSync(CORPUS_ROOT)) return [];
  return readdirSync(CORPUS_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(CORPUS_ROOT, entry.name))
    .sort();
}

const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;

const dirs = process.argv.length > 2 ? process.argv.slice(2) : defaultDirs();
const posts: CorpusPost[] = dirs.flatMap((dir) => readCorpus(dir));
if (posts.length === 0) {
  console.error(`no posts found in ${dirs.join(', ') || CORPUS_ROOT}`);
  process.exit(2);
}

const checker = await createChecker();
const totals = { blocked: 0, grade: 0, category: 0, right: 0, clean: 0, cleanBlocked: 0 };
const wrong: string[] = [];
for (const post of posts) {
  const report = checker.check(post.draft, post.scope);
  const verdict = judge(post.expect, report);
  totals.blocked += Number(verdict.blockedRight);
  totals.grade += Number(verdict.gradeRight);
  totals.category += Number(verdict.categoriesRight);
  totals.right += Number(verdict.right);
  if (!post.expect.blocked) {
    totals.clean++;
    totals.cleanBlocked += Number(report.blocked);
  }
  if (verdict.right) continue;
  const expected = `${post.expect.blocked ? 'blocked' : 'passes'}/${post.expect.grade}/[${post.expect.categories.join(',')}]`;
  const got = `${report.blocked ? 'blocked' : 'passes'}/${report.grade}`;
  const missing =
    verdict.missingCategories.length > 0 ? ` missing [${verdict.missingCategories.join(',')}]` : '';
  const deciding = decidingFindings(report)
    .map((f) => `${f.rule}:${f.action}${f.grade ? `→${f.grade}` : ''}«${f.text.slice(0, 30)}»`)
    .join('; ');
  wrong.push(
    `${relative(process.cwd(), post.file)}: expected ${expected}, got ${got}${missing} — ${deciding || 'no deciding findings'}`,
  );
}

const n = posts.length;
console.log(`corpus:          ${dirs.map((dir) => relative(process.cwd(), dir) || '.').join(', ')}`);
console.log(`items:           ${n}`);
console.log(`blocked right:   ${percent(totals.blocked, n)}`);
console.log(`grade right:     ${percent(totals.grade, n)}`);
console.log(`category right:  ${percent(totals.category, n)}`);
console.log(`overall right:   ${percent(totals.right, n)} (${totals.right}/${n})`);
console.log(
  `clean blocked:   ${percent(totals.cleanBlocked, totals.clean)} (${totals.cleanBlocked}/${totals.clean})`,
);
if (wrong.length > 0) console.log(`\nwrong (${wrong.length}):\n${wrong.join('\n')}`);

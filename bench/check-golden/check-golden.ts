/**
 * The checker's findings over every draft at hand, as JSON lines (one report per draft), so a change meant to
 * make the checker faster can be shown to change no finding: run it before and after and compare the files.
 *   npx tsx bench/check-golden/check-golden.ts OUT.jsonl   (prints the count and the SHA-256 of OUT)
 * Drafts: the unit tests' drafts (test-drafts.jsonl, recorded by record.config.ts), the labelled and benign
 * corpora, bench:api's notices, the check bench's articles, and the seeds cut into pieces as text, HTML and
 * Markdown, with and without a dated scope. Re-record test-drafts.jsonl after adding checker tests:
 *   CHECK_GOLDEN_RECORD=/tmp/drafts.jsonl npx vitest run -c bench/check-golden/record.config.ts <unit test files>
 *   sort -u /tmp/drafts.jsonl | awk 'length($0) <= 20000' > bench/check-golden/test-drafts.jsonl
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecker } from '../../src/create-checker.js';
import type { CheckScope } from '../../src/domain/checks/check-scope.js';
import type { Draft, DraftFormat } from '../../src/domain/draft.js';
import { readCorpus } from '../../tests/helpers/corpus-posts.js';
import { hostileDraft } from '../../tests/helpers/hostile-drafts.js';
import { notice } from '../api/notices.js';
import { seedTexts } from '../corpus.js';

interface Case {
  id: string;
  draft: Draft;
  scope: CheckScope;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

function recordedTestDrafts(): Case[] {
  return readFileSync(here('./test-drafts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => ({ id: `test ${index}`, ...(JSON.parse(line) as Omit<Case, 'id'>) }));
}

function corpusPosts(): Case[] {
  const root = here('../../tests/fixtures/corpus/');
  return readdirSync(root)
    .sort()
    .flatMap((dir) => readCorpus(join(root, dir)))
    .map((post) => ({ id: `corpus ${post.file}`, draft: post.draft, scope: post.scope ?? {} }));
}

function notices(): Case[] {
  return Array.from({ length: 100 }, (_, seed) => ({
    id: `notice ${seed}`,
    draft: { ...notice(seed), format: 'text' as const, kind: 'original' as const },
    scope: {},
  }));
}

const asHtml = (text: string) => `<p>${text.replaceAll('\n', '</p><p>')}</p>`;
const asMarkdown = (text: string) => text.replaceAll(/^(第[一二三四五六七八九十]+条)/gm, '## $1');

/** The seeds (../shared/seeds or their copies in tests/fixtures/seeds) joined, cut into windows of several lengths, in each format and two scopes. */
function seedPieces(): Case[] {
  const joined = seedTexts().join('\n');
  const cases: Case[] = [];
  for (const length of [120, 700, 2000, 5000, 20000]) {
    for (let offset = 0; offset < joined.length; offset += Math.max(length, 1500) + 37) {
      const text = joined.slice(offset, offset + length);
      const forms: Array<[DraftFormat, string]> = [
        ['text', text],
        ['html', asHtml(text)],
        ['markdown', asMarkdown(text)],
      ];
      for (const [format, body] of forms)
        for (const scope of [{}, { date: '2019-06-01', allow: ['管理办法'], sources: ['崇川发布'] }])
          cases.push({
            id: `seed ${length}@${offset} ${format} ${JSON.stringify(scope)}`,
            draft: { title: text.slice(0, 30).replaceAll('\n', ''), body, format },
            scope,
          });
    }
  }
  return cases;
}

function hostile(): Case[] {
  return [{ id: 'hostile 20 KB', draft: hostileDraft(20_000), scope: {} }];
}

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: tsx bench/check-golden/check-golden.ts OUT.jsonl');
  process.exit(2);
}
const checker = await createChecker();
const cases = [...recordedTestDrafts(), ...corpusPosts(), ...notices(), ...seedPieces(), ...hostile()];
const lines = cases.map(({ id, draft, scope }) =>
  JSON.stringify({ id, report: checker.check(draft, scope) }),
);
const text = lines.join('\n') + '\n';
writeFileSync(out, text);
const sha = createHash('sha256').update(text).digest('hex');
console.log(`${cases.length} drafts, ${lines.length} reports → ${out} (sha256 ${sha})`);

/**
 * Labelled corpora of realistic posts (tests/fixtures/corpus/*): each file is a draft with YAML front matter that
 * also says what a careful reviewer expects (`expect: { blocked, grade, categories }`). Read by the unit test
 * and by `npm run eval`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { CheckScope } from '../../src/domain/checks/check-scope.js';
import { GRADES, type CheckReport, type Finding } from '../../src/domain/checks/finding.js';
import type { Draft } from '../../src/domain/draft.js';

const FrontMatter = z.object({
  title: z.string(),
  kind: z.enum(['original', 'repost']).optional(),
  source: z.string().optional(),
  source_url: z.string().optional(),
  original_title: z.string().optional(),
  disclosure: z.enum(['punishment', 'mandatory']).optional(),
  format: z.enum(['markdown', 'html', 'text']).optional(),
  /** YYYY-MM-DD: passed to the checker as the scope's date. */
  date: z.string().optional(),
  expect: z.object({
    blocked: z.boolean(),
    grade: z.enum(GRADES),
    /** Any names: a category the checker does not know yet is simply never found. */
    categories: z.array(z.string()).default([]),
  }),
});

export type Expectation = z.infer<typeof FrontMatter>['expect'];

export interface CorpusPost {
  /** Path of the file, as given to readCorpus joined with its name. */
  file: string;
  draft: Draft;
  scope: CheckScope;
  expect: Expectation;
}

const EXTENSIONS = new Set(['.md', '.html', '.txt']);
/** Posts are named `NNN-<kind>.ext`; READMEs and the scripts that wrote a corpus are not posts. */
const POST_NAME = /^\d+-/;
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*\r?\n/;

/** Every post of a corpus folder (recursive, sorted by name; hidden entries skipped). */
export function readCorpus(dir: string): CorpusPost[] {
  const posts: CorpusPost[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) posts.push(...readCorpus(path));
    else if (POST_NAME.test(entry.name) && EXTENSIONS.has(extname(entry.name))) posts.push(readPost(path));
  }
  return posts;
}

/** One post: its front matter (validated) and the rest of the file as the body. */
export function readPost(file: string): CorpusPost {
  const source = readFileSync(file, 'utf8');
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new Error(`${file}: no front matter`);
  const parsed = FrontMatter.safeParse(parse(match[1]!));
  if (!parsed.success) throw new Error(`${file}: front matter: ${parsed.error.message}`);
  const { expect, date, format, ...fields } = parsed.data;
  const defaultFormat = extname(file) === '.html' ? 'html' : extname(file) === '.txt' ? 'text' : 'markdown';
  const draft: Draft = {
    ...dropUndefined(fields),
    body: source.slice(match[0].length),
    format: format ?? defaultFormat,
  };
  return { file, draft, scope: date === undefined ? {} : { date }, expect };
}

function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

/** The findings that decide a report: those that block or raise the grade. */
export function decidingFindings(report: CheckReport): Finding[] {
  return report.findings.filter((finding) => finding.action === 'block' || finding.action === 'escalate');
}

export interface Verdict {
  blockedRight: boolean;
  gradeRight: boolean;
  /** Every expected category is among the deciding findings' categories. */
  categoriesRight: boolean;
  right: boolean;
  missingCategories: string[];
}

/** How the checker's report compares with what the post's label expects. */
export function judge(expect: Expectation, report: CheckReport): Verdict {
  const found = new Set<string>(decidingFindings(report).map((finding) => finding.category));
  const missingCategories = expect.categories.filter((category) => !found.has(category));
  const blockedRight = report.blocked === expect.blocked;
  const gradeRight = report.grade === expect.grade;
  const categoriesRight = missingCategories.length === 0;
  return {
    blockedRight,
    gradeRight,
    categoriesRight,
    right: blockedRight && gradeRight && categoriesRight,
    missingCategories,
  };
}

/** One line per finding: `rule (action, category, grade) field:start–end «text»`. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.rule} (${f.action}, ${f.category}${f.grade ? `, ${f.grade}` : ''}) ${f.field}:${f.start}–${f.end} «${f.text}»`,
    )
    .join('\n');
}

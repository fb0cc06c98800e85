import { isMap, isScalar, parseDocument } from 'yaml';
import { isIsoDate, type Draft, type DraftFormat } from '../draft.js';
import { htmlTitle } from './html-to-view.js';

/** A draft read from a file, with where its fields sit in that file (UTF-16 offsets) for line:col reporting. */
export interface ParsedDraft {
  draft: Draft;
  /** Offset in the file of the body's first unit. */
  bodyOffset: number;
  /** Offset in the file of the title's first unit (its value in the front matter, or its line). */
  titleOffset: number;
}

export type DraftParseResult = ParsedDraft | { error: string };

const TEXT_KEYS = ['title', 'source', 'source_url', 'original_title', 'date'] as const;
const CHOICE_KEYS = {
  kind: ['original', 'repost'],
  disclosure: ['punishment', 'mandatory'],
} as const;

/** Reads a file's text as a draft of the given format (markdown may fail on its front matter). */
export function parseDraftFile(source: string, format: DraftFormat): DraftParseResult {
  if (format === 'markdown') return parseMarkdownDraft(source);
  if (format === 'html') return parseHtmlDraft(source);
  return parseTextDraft(source);
}

/**
 * Markdown with optional YAML front matter (`title`, `kind`, `source`, `source_url`, `original_title`,
 * `disclosure`; other keys are ignored). Without a `title`, the first non-empty line is the title (its `#`
 * markers removed when it is a heading) and the body is what follows it.
 */
export function parseMarkdownDraft(source: string): DraftParseResult {
  const bomLength = source.startsWith('\uFEFF') ? 1 : 0;
  const frontMatter = splitFrontMatter(source, bomLength);
  if ('error' in frontMatter) return frontMatter;
  const fields = frontMatter.yaml === undefined ? { draft: {} } : readFrontMatter(frontMatter.yaml);
  if ('error' in fields) return fields;
  const { draft: meta, titleAt } = fields;
  const bodyStart = frontMatter.bodyStart;
  if (meta.title !== undefined) {
    const titleOffset = frontMatter.yamlStart + (titleAt ?? 0);
    const draft: Draft = { ...meta, title: meta.title, body: source.slice(bodyStart), format: 'markdown' };
    return { draft, bodyOffset: bodyStart, titleOffset };
  }
  const first = firstLineTitle(source, bodyStart, true);
  const draft: Draft = {
    ...meta,
    title: first.title,
    body: source.slice(first.bodyOffset),
    format: 'markdown',
  };
  return { draft, bodyOffset: first.bodyOffset, titleOffset: first.titleOffset };
}

/** Plain text: the first non-empty line is the title, the rest the body. */
export function parseTextDraft(source: string): ParsedDraft {
  const first = firstLineTitle(source, 0, false);
  const draft: Draft = { title: first.title, body: source.slice(first.bodyOffset), format: 'text' };
  return { draft, bodyOffset: first.bodyOffset, titleOffset: first.titleOffset };
}

/** HTML: the `<title>` or first `<h1>` is the title; the whole document is the body. */
export function parseHtmlDraft(source: string): ParsedDraft {
  const found = htmlTitle(source);
  const draft: Draft = { title: found?.title ?? '', body: source, format: 'html' };
  return { draft, bodyOffset: 0, titleOffset: found?.offset ?? 0 };
}

type FrontMatterSplit = { yaml?: string; yamlStart: number; bodyStart: number } | { error: string };

function splitFrontMatter(source: string, from: number): FrontMatterSplit {
  const opening = /^---[ \t]*\r?\n/.exec(source.slice(from, from + 8));
  if (!opening) return { yamlStart: from, bodyStart: from };
  const yamlStart = from + opening[0].length;
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;
  closing.lastIndex = yamlStart;
  const end = closing.exec(source);
  if (!end) return { error: 'front matter 没有结束行“---”' };
  return { yaml: source.slice(yamlStart, end.index), yamlStart, bodyStart: end.index + end[0].length };
}

type FrontMatterFields = { draft: Partial<Draft>; titleAt?: number } | { error: string };

/** Parses and validates the front matter; line numbers in errors count from the file's first line. */
function readFrontMatter(yaml: string): FrontMatterFields {
  const lineOf = (offset: number): number => 2 + countNewlines(yaml, offset);
  const doc = parseDocument(yaml);
  const firstError = doc.errors[0];
  if (firstError) {
    const line = (firstError.linePos?.[0].line ?? 1) + 1;
    const reason = firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { error: `front matter 第 ${line} 行：YAML 格式错误（${reason}）` };
  }
  if (doc.contents === null) return { draft: {} };
  if (!isMap(doc.contents)) return { error: 'front matter 应为“键: 值”形式的映射' };
  const draft: Record<string, string> = {};
  let titleAt: number | undefined;
  for (const key of [...TEXT_KEYS, ...Object.keys(CHOICE_KEYS)] as const) {
    const node = doc.get(key, true);
    if (node === undefined || (isScalar(node) && node.value === null)) continue;
    const at = isScalar(node) && node.range ? node.range[0] : 0;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'string') return { error: `front matter 第 ${lineOf(at)} 行：${key} 应为文本` };
    const choices: readonly string[] | undefined = CHOICE_KEYS[key as keyof typeof CHOICE_KEYS];
    if (choices && !choices.includes(value)) {
      return {
        error: `front matter 第 ${lineOf(at)} 行：${key} 只能是 ${choices.join(' 或 ')}，不能是“${value}”`,
      };
    }
    if (key === 'date' && !isIsoDate(value))
      return { error: `front matter 第 ${lineOf(at)} 行：date 应为日期 YYYY-MM-DD，不能是“${value}”` };
    draft[key] = value;
    if (key === 'title') titleAt = isScalar(node) && node.type !== 'PLAIN' ? at + 1 : at;
  }
  return titleAt === undefined ? { draft } : { draft, titleAt };
}

/** The first non-empty line from `from` as the title; the body starts on the next line. */
function firstLineTitle(
  source: string,
  from: number,
  markdown: boolean,
): { title: string; titleOffset: number; bodyOffset: number } {
  const line = /^[ \t]*(\S.*?)[ \t]*\r?$/gm;
  line.lastIndex = from;
  const found = line.exec(source);
  if (!found) return { title: '', titleOffset: from, bodyOffset: from };
  const lineEnd = source.indexOf('\n', found.index);
  const bodyOffset = lineEnd === -1 ? source.length : lineEnd + 1;
  let title = found[1]!;
  let titleOffset = found.index + found[0].indexOf(title);
  const heading = markdown ? /^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?$/.exec(title) : null;
  if (heading) {
    titleOffset += heading[0].indexOf(heading[1]!, 1);
    title = heading[1]!;
  }
  return { title, titleOffset, bodyOffset };
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

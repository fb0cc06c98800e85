import type { Action, Category, Grade } from './finding.js';
import { ACTIONS, CATEGORIES, GRADES } from './finding.js';
import type { AsciiMatch, DomainUse, WordEntry, Wordlist, WordlistType } from './wordlist-types.js';
import { MATCHED_TYPES, problemAt, warningAt } from './wordlist-validation.js';

export { problemAt, validateWordlists, warningAt } from './wordlist-validation.js';

/*
 * The list file format (documented for curators in wordlists/README.md):
 *   # key: value      header lines, before the first entry
 *   entry             one per line; `wrong => right` carries a suggestion (words and terms lists)
 *   entry  # 来源：…   a trailing comment (after white space); `来源：`/`source:` gives the entry's provenance
 *   #@ 来源：…         a section line: the provenance of the entries below it, up to the next section line
 *   # anything        after the first entry: a comment
 * Problems are reported all at once, each as `location:line: message` (Simplified Chinese, printed by the CLI).
 */

export const WORDLIST_TYPES: readonly WordlistType[] = ['words', 'terms', 'allow', 'sources', 'domains'];
export const ASCII_MATCHES: readonly AsciiMatch[] = ['substring', 'token'];

export const DOMAIN_USES: readonly DomainUse[] = ['allowed', 'shortener', 'commerce'];

export type ParseResult = { list: Wordlist; warnings: string[] } | { errors: string[] };

const HEADER_KEYS =
  'category type action grade ascii use quotable provenance description source message'.split(' ');
const YES_NO = ['yes', 'no'] as const;
const PROVENANCE_RULES = ['required', 'optional'] as const;
/** `#@ 来源：…` (or `#@ source: …`): the provenance of the entries below. */
const SECTION_LINE = /^#@\s*(.*)$/;
/** The provenance inside a section line or a trailing comment: `来源：…` or `source: …`. */
const PROVENANCE = /^(?:来源|source)\s*[:：]\s*(.*)$/i;
/** A trailing comment starts at a `#` after white space; `#` inside an entry (`c#`) is part of it. */
const TRAILING_COMMENT = /\s#/;
/** `# key: value` with an ASCII key; a `#` line in Chinese (`# 说明：…`) is an ordinary comment. */
const HEADER_LINE = /^#\s*([A-Za-z][\w-]*)\s*:\s*(.*)$/;
/** A host name: lower-case labels, no scheme, port or path. */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const MESSAGE_PLACEHOLDER = /\{([^}]*)\}/g;
const SUGGESTION = '=>';

type Headers = Map<string, { value: string; line: number }>;
type Report = (line: number, message: string) => void;

/**
 * Parses one list file. `name` is the file name without extension (the rule id suffix); `location` is how
 * problems name the file (defaults to `name`; the file reader passes the path).
 */
export function parseWordlist(name: string, text: string, location = name): ParseResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const report: Report = (line, message) => errors.push(problemAt(location, line, message));
  const headers: Headers = new Map();
  const entries: WordEntry[] = [];
  let section: string | undefined;
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const trimmed = raw.trim();
      if (trimmed === '') return;
      const sectionLine = SECTION_LINE.exec(trimmed);
      if (sectionLine) section = readSection(sectionLine[1]!, index + 1, report);
      else if (!trimmed.startsWith('#')) entries.push(parseEntry(trimmed, index + 1, section, report));
      else if (entries.length === 0) readHeader(trimmed, index + 1, headers, report);
      else {
        const key = HEADER_LINE.exec(trimmed)?.[1]?.toLowerCase() ?? '';
        const late = `表头「${key}」出现在条目之后，按注释处理`;
        if (HEADER_KEYS.includes(key)) warnings.push(warningAt(location, index + 1, late));
      }
    });
  const list = listFromHeaders(name, headers, entries, report);
  checkRequiredHeaders(list, headers, report);
  checkEntries(list, report);
  if (list.type === 'domains') warnings.push(...coveredDomains(list, location));
  return errors.length > 0 ? { errors } : { list, warnings };
}

/** A `#` line before the first entry: a header if it has an ASCII key, else a comment. */
function readHeader(trimmed: string, line: number, headers: Headers, report: Report): void {
  const header = HEADER_LINE.exec(trimmed);
  if (!header) return;
  const key = header[1]!.toLowerCase();
  if (!HEADER_KEYS.includes(key)) report(line, `未知的表头字段「${key}」，可用：${HEADER_KEYS.join('、')}`);
  else if (headers.has(key)) report(line, `表头字段「${key}」重复（第 ${headers.get(key)!.line} 行已有）`);
  else headers.set(key, { value: header[2]!.trim(), line });
}

/** A `#@` line: `来源：…` sets the provenance of the entries below; anything else is a mistake. */
function readSection(body: string, line: number, report: Report): string | undefined {
  const provenance = PROVENANCE.exec(body.trim());
  if (!provenance) report(line, `「#@」行只能写来源：「#@ 来源：……」`);
  else if (provenance[1]!.trim() === '') report(line, '「#@ 来源：」后须写明来源');
  return provenance?.[1]!.trim() || undefined;
}

function parseEntry(
  line: string,
  lineNumber: number,
  section: string | undefined,
  report: Report,
): WordEntry {
  const comment = TRAILING_COMMENT.exec(line);
  const trimmed = comment ? line.slice(0, comment.index).trim() : line;
  const entry: WordEntry = { text: trimmed, line: lineNumber };
  const arrow = trimmed.indexOf(SUGGESTION);
  if (arrow !== -1) {
    entry.text = trimmed.slice(0, arrow).trim();
    entry.suggestion = trimmed.slice(arrow + SUGGESTION.length).trim();
  }
  const own = comment ? PROVENANCE.exec(line.slice(comment.index + 2).trim()) : null;
  if (own && own[1]!.trim() === '') report(lineNumber, '「# 来源：」后须写明来源');
  const provenance = own?.[1]!.trim() || section;
  if (provenance !== undefined) entry.provenance = provenance;
  return entry;
}

function listFromHeaders(name: string, headers: Headers, entries: WordEntry[], report: Report): Wordlist {
  const value = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const header = headers.get(key);
    if (header === undefined) return undefined;
    if ((allowed as readonly string[]).includes(header.value)) return header.value as T;
    report(header.line, `表头「${key}」的值「${header.value}」无效，可用：${allowed.join('、')}`);
    return undefined;
  };
  const text = (key: string) => {
    const header = headers.get(key);
    if (header?.value === '') report(header.line, `表头「${key}」不能为空`);
    return header?.value ?? '';
  };
  const list: Wordlist = {
    name,
    type: value<WordlistType>('type', WORDLIST_TYPES) ?? 'words',
    description: text('description'),
    source: text('source'),
    ascii: value<AsciiMatch>('ascii', ASCII_MATCHES) ?? 'substring',
    entries,
  };
  const optional = {
    category: value<Category>('category', CATEGORIES),
    action: value<Action>('action', ACTIONS),
    grade: value<Grade>('grade', GRADES),
    use: value<DomainUse>('use', DOMAIN_USES),
    quotable: flag(value('quotable', YES_NO), 'yes'),
    provenanceRequired: flag(value('provenance', PROVENANCE_RULES), 'required'),
    message: headers.has('message')
      ? checkMessage(text('message'), headers.get('message')!.line, report)
      : undefined,
  };
  for (const [key, found] of Object.entries(optional))
    if (found !== undefined) Object.assign(list, { [key]: found });
  return list;
}

/** `yes`/`no` style headers as a boolean; absent stays absent. */
const flag = (value: string | undefined, on: string) => (value === undefined ? undefined : value === on);

/** Which headers each type needs, and the combinations that make no sense. */
function checkRequiredHeaders(list: Wordlist, headers: Headers, report: Report): void {
  const required = (key: string, why: string) => {
    if (!headers.has(key)) report(1, `缺少表头「# ${key}: …」（${why}）`);
  };
  const lineOf = (key: string) => headers.get(key)?.line ?? 1;
  required('type', WORDLIST_TYPES.join(' | '));
  required('description', '这份词表收什么、为什么');
  required('source', '依据的条款或需求');
  // With a missing or unknown type the type-specific rules would only add noise to that one error.
  if (!(WORDLIST_TYPES as readonly string[]).includes(headers.get('type')?.value ?? '')) return;
  if (list.type === 'words') required('category', '命中项的类别');
  if (list.type === 'words') required('action', ACTIONS.join(' | '));
  if (list.type === 'terms') required('category', '命中喂给哪类规则');
  if (list.action === 'escalate' && !headers.has('grade'))
    report(lineOf('action'), 'action 为 escalate 时须写 grade');
  if (list.type === 'domains') {
    required('use', DOMAIN_USES.join(' | '));
    if (list.category !== undefined && list.category !== 'link')
      report(lineOf('category'), 'domains 词表的类别只能是 link');
  } else if (headers.has('use')) {
    report(lineOf('use'), '表头「use」只用于 domains 词表');
  }
  if (headers.has('quotable') && list.type !== 'words')
    report(lineOf('quotable'), '表头「quotable」只用于 words 词表（反诈、反赌宣传会引用的话术）');
}

function checkMessage(message: string, line: number, report: Report): string {
  for (const [, placeholder] of message.matchAll(MESSAGE_PLACEHOLDER)) {
    if (placeholder !== 'text' && placeholder !== 'description') {
      report(line, `message 中的占位符「{${placeholder}}」无效，可用：{text}、{description}`);
    }
  }
  return message;
}

function checkEntries(list: Wordlist, report: Report): void {
  const firstLine = new Map<string, number>();
  const suggestions = list.type === 'words' || list.type === 'terms';
  for (const entry of list.entries) {
    if (entry.suggestion !== undefined && !suggestions) {
      report(entry.line, `「${SUGGESTION}」建议写法只用于 words、terms 词表`);
    }
    if (entry.text === '' || entry.suggestion === '') {
      report(entry.line, `「${SUGGESTION}」两侧都须有内容`);
      continue;
    }
    if (entry.suggestion?.includes(SUGGESTION)) report(entry.line, `一行只能有一个「${SUGGESTION}」`);
    if (MATCHED_TYPES.includes(list.type) && [...entry.text].length < 2) {
      report(entry.line, `单字条目「${entry.text}」范围过宽，至少写两个字`);
    }
    if (list.type === 'domains' && !HOST_NAME.test(entry.text)) {
      report(entry.line, `「${entry.text}」不是主机名：只写小写域名，不带协议、端口和路径`);
    }
    if (list.provenanceRequired && entry.provenance === undefined) {
      report(entry.line, `条目「${entry.text}」没有来源：在行尾写「  # 来源：……」或在上方写「#@ 来源：……」`);
    }
    const first = firstLine.get(entry.text);
    if (first !== undefined) report(entry.line, `重复条目「${entry.text}」（第 ${first} 行已有）`);
    else firstLine.set(entry.text, entry.line);
  }
}

/** A host already covered by a parent domain in the same list (`www.gov.cn` under `gov.cn`) is redundant. */
function coveredDomains(list: Wordlist, location: string): string[] {
  const hosts = new Set(list.entries.map((entry) => entry.text));
  return list.entries.flatMap((entry) => {
    const labels = entry.text.split('.');
    const parent = labels
      .slice(1)
      .map((_, i) => labels.slice(i + 1).join('.'))
      .find((host) => hosts.has(host));
    return parent === undefined
      ? []
      : [warningAt(location, entry.line, `「${entry.text}」已被「${parent}」覆盖，可删去`)];
  });
}

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isIsoDate } from '../draft.js';
import type {
  LawLevel,
  LawName,
  LawTable,
  LeaderTable,
  ProtectedTable,
  RemovedTable,
  TableHeader,
} from './reference-tables.js';
import { LAW_LEVELS } from './reference-tables.js';

export type Parsed<T> = { table: T } | { errors: string[] };

/** `YYYY-MM-DD`, or `YYYY-MM` read as the first of the month; the day must exist. */
const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

export function normaliseDate(text: string): string | undefined {
  const parts = DATE.exec(text);
  if (!parts) return undefined;
  const [, year, month, day = '01'] = parts;
  const iso = `${year}-${month}-${day}`;
  return isIsoDate(iso) ? iso : undefined;
}

const date = z.union([z.string(), z.number()], '须为日期 YYYY-MM-DD').transform((value, ctx) => {
  const normal = normaliseDate(String(value));
  if (normal === undefined)
    ctx.addIssue({ code: 'custom', message: `日期格式错误“${value}”（应为 YYYY-MM-DD）` });
  return normal ?? '';
});
const name = z.string('须为文本').trim().min(2, '至少两个字');
const header = {
  table: z.string('须为表名'),
  version: z.union([z.string(), z.number()], '须有版本号').transform(String),
  updated: date,
  source: z.string('须写明数据来源').min(1, '须写明数据来源'),
};
const dated = { from: date.optional(), to: date.optional() };

const leaderSchema = z.object({
  ...header,
  offices: z
    .array(z.object({ name, short: z.array(name).default([]), single: z.boolean().default(false) }))
    .default([]),
  periods: z.array(z.object({ name, order: z.array(name), ...dated })).default([]),
  leaders: z.array(z.object({ name, titles: z.array(z.object({ title: name, ...dated })) })).default([]),
});

const removedSchema = z.object({
  ...header,
  officials: z.array(
    z.object({ name, from: date, was: z.string().optional(), exclude: z.array(name).default([]) }),
  ),
});

const protectedSchema = z.object({ ...header, names: z.array(z.object({ name, ...dated })) });

function parseWith<T>(schema: z.ZodType<T>, text: string, path: string): Parsed<T> {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return { errors: [`${path}: YAML 格式错误（${(error as Error).message.split('\n')[0]}）`] };
  }
  const result = schema.safeParse(data);
  if (result.success) return { table: withoutUndefined(result.data) };
  return {
    errors: result.error.issues.map(
      (issue) => `${path}: ${issue.path.join('.') || '（根）'}: ${issue.message}`,
    ),
  };
}

/** Optional keys left out rather than undefined (exactOptionalPropertyTypes). */
function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const parseLeaderTable = (text: string, path: string): Parsed<LeaderTable> =>
  parseWith(leaderSchema, text, path) as Parsed<LeaderTable>;
export const parseRemovedTable = (text: string, path: string): Parsed<RemovedTable> =>
  parseWith(removedSchema, text, path) as Parsed<RemovedTable>;
export const parseProtectedTable = (text: string, path: string): Parsed<ProtectedTable> =>
  parseWith(protectedSchema, text, path) as Parsed<ProtectedTable>;

const HEADER_LINE = /^#\s*(table|version|updated|source):\s*(.*)$/;

/**
 * The law table is TSV (`name<TAB>level<TAB>from<TAB>to[<TAB>by]`) with `# key: value` header lines: a thousand rows
 * read better one per line than as YAML.
 */
export function parseLawTable(text: string, path: string): Parsed<LawTable> {
  const head: Record<string, string> = {};
  const laws: LawName[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const at = `${path}:${index + 1}`;
    if (line.startsWith('#')) {
      const key = HEADER_LINE.exec(line);
      if (key) head[key[1]!] = key[2]!.trim();
      return;
    }
    if (line.trim() === '') return;
    const [lawName = '', level = '', from = '', to = '', by = '', ...rest] = line.split('\t');
    if (rest.length > 0) errors.push(`${at}: 列数过多（应为 名称、级别、from、to、by）`);
    if (!LAW_LEVELS.includes(level as LawLevel)) errors.push(`${at}: 级别须为 ${LAW_LEVELS.join('、')} 之一`);
    const row: LawName = { name: lawName.trim(), level: level as LawLevel };
    if (by.trim() !== '') row.by = by.trim();
    for (const [key, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value === '') continue;
      const normal = normaliseDate(value);
      if (normal === undefined) errors.push(`${at}: ${key} 日期格式错误“${value}”`);
      else row[key] = normal;
    }
    laws.push(row);
  });
  const updated = normaliseDate(head.updated ?? '');
  for (const key of ['table', 'version', 'source'] as const) {
    if (!head[key]) errors.push(`${path}: 表头缺少 # ${key}:`);
  }
  if (updated === undefined) errors.push(`${path}: 表头 # updated: 须为日期 YYYY-MM-DD`);
  if (errors.length > 0) return { errors };
  const tableHeader: TableHeader = {
    table: head.table!,
    version: head.version!,
    updated: updated!,
    source: head.source!,
  };
  return { table: { ...tableHeader, laws } };
}

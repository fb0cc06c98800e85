import type { Dated, LawName, LawTable, LeaderTable, WordingReference } from './reference-tables.js';

/** Where a table came from, for messages: `wordlists/reference/central-leaders.yaml`. */
export type TableFiles = Record<keyof WordingReference, string>;

/**
 * Checks the tables beyond their shape (which parsing checks): from < to, titles naming known offices, no two
 * holders of a single office at once, names unique per order period, well formed and unique law names.
 */
export function validateReference(reference: WordingReference, files: TableFiles): string[] {
  return [
    ...validateLeaders(reference.central, files.central),
    ...validateLeaders(reference.local, files.local),
    ...reference.removed.officials.flatMap((row) => ordered(row, files.removed, row.name)),
    ...duplicates(
      reference.removed.officials.map((row) => row.name),
      files.removed,
    ),
    ...reference.protectedNames.names.flatMap((row) => ordered(row, files.protectedNames, row.name)),
    ...duplicates(
      reference.protectedNames.names.map((row) => row.name),
      files.protectedNames,
    ),
    ...validateLaws(reference.laws, files.laws),
  ];
}

function ordered(row: Dated, path: string, what: string): string[] {
  if (row.from !== undefined && row.to !== undefined && row.from >= row.to)
    return [`${path}: ${what}: from（${row.from}）须早于 to（${row.to}）`];
  return [];
}

function duplicates(names: readonly string[], path: string, scope = ''): string[] {
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const name of names) {
    if (seen.has(name)) errors.push(`${path}: ${scope}“${name}”重复`);
    seen.add(name);
  }
  return errors;
}

const overlaps = (a: Dated, b: Dated): boolean =>
  (a.to === undefined || b.from === undefined || b.from < a.to) &&
  (b.to === undefined || a.from === undefined || a.from < b.to);

function validateLeaders(table: LeaderTable, path: string): string[] {
  const errors: string[] = [];
  const offices = new Map(table.offices.map((office) => [office.name, office]));
  errors.push(...duplicates([...offices.keys()], path, '职务'));
  const forms = table.offices.flatMap((office) => [office.name, ...office.short]);
  errors.push(...duplicates(forms, path, '职务称谓'));
  errors.push(
    ...duplicates(
      table.leaders.map((leader) => leader.name),
      path,
      '领导人',
    ),
  );
  const terms = table.leaders.flatMap((leader) =>
    leader.titles.map((term) => ({ ...term, leader: leader.name })),
  );
  for (const term of terms) {
    errors.push(...ordered(term, path, `${term.leader} ${term.title}`));
    if (!offices.has(term.title)) errors.push(`${path}: ${term.leader}: 职务“${term.title}”不在 offices 中`);
  }
  for (const [index, term] of terms.entries()) {
    if (!offices.get(term.title)?.single) continue;
    const clash = terms.slice(index + 1).find((other) => other.title === term.title && overlaps(term, other));
    if (clash) errors.push(`${path}: ${term.title}：${term.leader} 与 ${clash.leader} 的任期重叠`);
  }
  const leaders = new Set(table.leaders.map((leader) => leader.name));
  for (const [index, period] of table.periods.entries()) {
    errors.push(...ordered(period, path, period.name));
    errors.push(...duplicates(period.order, path, `${period.name} 排序中`));
    for (const name of period.order) {
      if (!leaders.has(name)) errors.push(`${path}: ${period.name}: “${name}”不在 leaders 中`);
    }
    const clash = table.periods.slice(index + 1).find((other) => overlaps(period, other));
    if (clash) errors.push(`${path}: ${period.name} 与 ${clash.name} 的起止日期重叠`);
  }
  return errors;
}

/** A law name: Chinese characters, digits and the brackets of 修正案（十一）; no 《》, no spaces, no prefix. */
const LAW_NAME = /^[\p{Script=Han}0-9（）、·]{2,60}$/u;

/** A repealed name's successor (`by`) is a name in force of the table. */
function replacedBy(law: LawName, table: LawTable, path: string): string[] {
  if (law.by === undefined) return [];
  if (law.to === undefined) return [`${path}: “${law.name}”现行有效，不应写 by`];
  const successor = table.laws.find((row) => row.name === law.by);
  return successor !== undefined && successor.to === undefined
    ? []
    : [`${path}: “${law.name}”的 by“${law.by}”不是表中的现行名称`];
}

function validateLaws(table: LawTable, path: string): string[] {
  const errors: string[] = [];
  for (const law of table.laws) {
    if (!LAW_NAME.test(law.name))
      errors.push(`${path}: 法律名称“${law.name}”格式错误（只写名称，不带书名号和空格）`);
    if (law.name.startsWith('中华人民共和国') && law.name.length > 7)
      errors.push(`${path}: “${law.name}”：名称不带“中华人民共和国”前缀`);
    errors.push(...ordered(law, path, law.name));
    errors.push(...replacedBy(law, table, path));
  }
  errors.push(
    ...duplicates(
      table.laws.map((law) => law.name),
      path,
      '法律名称',
    ),
  );
  return errors;
}

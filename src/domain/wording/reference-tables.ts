/**
 * The wording reference tables (R11, R16, R57): central and local leaders with their titles and protocol order,
 * officials removed from office, the names of laws and administrative regulations, and the protected names of
 * the Party, the State and its organs. Each table has a version and an `updated` date; each row holds between
 * `from` (inclusive) and `to` (exclusive), both `YYYY-MM-DD`. The format is in `wordlists/reference/README.md`.
 */

/** What every table says about itself; findings name `table` and `version` (R11). */
export interface TableHeader {
  table: string;
  version: string;
  updated: string;
  source: string;
}

/** Dates a row holds: `from` inclusive, `to` exclusive; absent means unbounded. */
export interface Dated {
  from?: string;
  to?: string;
}

export interface Office {
  /** The standard full title (规范全称), e.g. 国务院总理. */
  name: string;
  /** Forms that may stand alone for it (总理). */
  short: readonly string[];
  /** Held by one person at a time: terms may not overlap. */
  single: boolean;
}

export interface HeldTitle extends Dated {
  title: string;
}

export interface Leader {
  name: string;
  titles: readonly HeldTitle[];
}

/** A Politburo Standing Committee and its official order. */
export interface OrderPeriod extends Dated {
  name: string;
  order: readonly string[];
}

export interface LeaderTable extends TableHeader {
  offices: readonly Office[];
  periods: readonly OrderPeriod[];
  leaders: readonly Leader[];
}

export interface RemovedOfficial {
  name: string;
  /** First day of the month the removal was announced. */
  from: string;
  was?: string;
  /** Ordinary words containing the name (指令计划) that are not mentions of the person. */
  exclude: readonly string[];
}

export interface RemovedTable extends TableHeader {
  officials: readonly RemovedOfficial[];
}

export interface ProtectedName extends Dated {
  name: string;
}

export interface ProtectedTable extends TableHeader {
  names: readonly ProtectedName[];
}

export type LawLevel = 'constitution' | 'law' | 'regulation';
export const LAW_LEVELS: readonly LawLevel[] = ['constitution', 'law', 'regulation'];

export interface LawName extends Dated {
  /** Without the 中华人民共和国 prefix: a citation matches with or without it. */
  name: string;
  level: LawLevel;
  /** For a repealed name: the name in force that replaced it (食品卫生法 → 食品安全法). */
  by?: string;
}

export interface LawTable extends TableHeader {
  laws: readonly LawName[];
}

/** Everything the wording rules consult; loaded once by `createChecker`. */
export interface WordingReference {
  central: LeaderTable;
  local: LeaderTable;
  removed: RemovedTable;
  protectedNames: ProtectedTable;
  laws: LawTable;
}

/** Whether a dated row holds on `date` (YYYY-MM-DD). */
export function holdsOn(row: Dated, date: string): boolean {
  return (row.from === undefined || row.from <= date) && (row.to === undefined || date < row.to);
}

/**
 * The day a table is read as of when the draft names none: its newest change, so the rows in force now.
 * The checker has no clock, so "today" is the latest date the table itself knows.
 */
export function newestDate(rows: Iterable<Dated>): string {
  let newest = '0000-01-01';
  for (const row of rows) {
    if (row.from !== undefined && row.from > newest) newest = row.from;
    if (row.to !== undefined && row.to > newest) newest = row.to;
  }
  return newest;
}

/** Every dated row of a leader table: terms of office and order periods. */
export function datedRowsOf(table: LeaderTable): Dated[] {
  return [...table.periods, ...table.leaders.flatMap((leader) => leader.titles)];
}

/** `(领导人参考表 central-leaders，版本 …)`: the provenance every finding states (R11). */
export function provenance(kind: string, table: TableHeader): string {
  return `（依据${kind} ${table.table}，版本 ${table.version}）`;
}

import { diffArrays, diffChars } from 'diff';
import type { SafeHtml } from './html.js';
import { html } from './html.js';

/** One row of the side-by-side view: a line of the last version and of the new text (either may be absent). */
interface DiffRow {
  before?: string;
  after?: string;
}

/** The diff's heading and its two columns' headings. */
export interface DiffLabels {
  heading: string;
  before: string;
  after: string;
}

const LAST_VERSION: DiffLabels = { heading: '与上一版相比', before: '上一版', after: '本次修改' };

/**
 * The changes since the last version, side by side (上一版 | 本次修改): paragraphs compared as lines (jsdiff's diffArrays),
 * and within a changed pair the characters removed and added marked (<del>/<ins>, so screen readers say so).
 */
export function sideBySideDiff(
  before: { title: string; body: string },
  after: { title: string; body: string },
  labels: DiffLabels = LAST_VERSION,
): SafeHtml {
  const rows = rowsOf([before.title, ...linesOf(before.body)], [after.title, ...linesOf(after.body)]);
  const changed = rows.filter((row) => row.before !== row.after).length;
  return html`<section class="card diff" aria-labelledby="diff-h">
    <h2 id="diff-h">${labels.heading}${changed === 0 ? '：没有改动' : `：${changed} 处改动`}</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">${labels.before}</th>
          <th scope="col">${labels.after}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(rowMarkup)}
      </tbody>
    </table>
  </section>`;
}

const linesOf = (body: string): string[] =>
  body
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');

/** Unchanged lines side by side; a run of removed lines paired with the run of added lines after it. */
function rowsOf(before: readonly string[], after: readonly string[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: string[] = [];
  const flush = (added: readonly string[]) => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++)
      rows.push({ ...optional('before', removed[i]), ...optional('after', added[i]) });
    removed = [];
  };
  for (const part of diffArrays([...before], [...after])) {
    if (part.removed) removed.push(...part.value);
    else if (part.added) flush(part.value);
    else {
      flush([]);
      rows.push(...part.value.map((line) => ({ before: line, after: line })));
    }
  }
  flush([]);
  return rows;
}

const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;

function rowMarkup(row: DiffRow): SafeHtml {
  if (row.before === row.after)
    return html`<tr>
      <td>${row.before}</td>
      <td>${row.after}</td>
    </tr>`;
  const parts = diffChars(row.before ?? '', row.after ?? '');
  const side = (keep: 'removed' | 'added') =>
    parts.map((part) => {
      if (!part.added && !part.removed) return part.value;
      if (keep === 'removed' && part.removed) return html`<del>${part.value}</del>`;
      if (keep === 'added' && part.added) return html`<ins>${part.value}</ins>`;
      return '';
    });
  const cell = (value: string | undefined, keep: 'removed' | 'added') =>
    value === undefined ? html`<td class="gap">（无）</td>` : html`<td>${side(keep)}</td>`;
  return html`<tr class="changed">
    ${cell(row.before, 'removed')}${cell(row.after, 'added')}
  </tr>`;
}

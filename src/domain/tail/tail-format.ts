import type { DraftFormat } from '../draft.js';

/** Appends the tail line to a body as its last paragraph, in the body's own format. */
export function appendTailLine(body: string, format: DraftFormat, line: string): string {
  if (format === 'html') return appendHtmlParagraph(body, `<p>${escapeHtml(line)}</p>`);
  const trimmed = body.trimEnd();
  return trimmed === '' ? line : `${trimmed}\n\n${line}`;
}

/** Escapes a value placed in a Markdown paragraph, so a name cannot start emphasis, a link or a heading. */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_[\]<>#|~!()]/g, (char) => `\\${char}`);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A whole document keeps its closing tags last: the paragraph goes before `</body>` when there is one. */
function appendHtmlParagraph(body: string, paragraph: string): string {
  const close = body.toLowerCase().lastIndexOf('</body>');
  if (close !== -1) return `${body.slice(0, close)}${paragraph}\n${body.slice(close)}`;
  const trimmed = body.trimEnd();
  return trimmed === '' ? paragraph : `${trimmed}\n${paragraph}`;
}

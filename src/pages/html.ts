/**
 * Escaping by default for server-rendered pages (the Hono `helper/html` contract): every value interpolated
 * into `html\`…\`` is escaped unless it is already a SafeHtml, i.e. came from `html` itself or from an explicit
 * `raw()`. Draft titles, bodies, names and comments are untrusted, so nothing reaches a page unescaped by
 * accident.
 */

let create: (markup: string) => SafeHtml;

/**
 * Markup that is safe to emit as is. Only `html` and `raw` create it (the constructor is private and the
 * factory is module-private), and the private field makes the type nominal: a plain string is never a SafeHtml.
 */
export class SafeHtml {
  readonly #markup: string;

  private constructor(markup: string) {
    this.#markup = markup;
  }

  static {
    create = (markup) => new SafeHtml(markup);
  }

  toString(): string {
    return this.#markup;
  }
}

/**
 * What may be interpolated: fragments pass through; strings and numbers are escaped; arrays are joined without
 * separator (each item handled the same way); `null`, `undefined` and booleans render nothing, so that
 * `${condition && html\`…\`}` works.
 */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Tagged template: `html\`<p>${untrusted}</p>\`` escapes `untrusted`; nested `html` fragments are kept. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return create(out);
}

/** Marks already-safe markup (our own CSS, sanitised article HTML) as SafeHtml. Never pass draft text here. */
export function raw(trusted: string): SafeHtml {
  return create(trusted);
}

/** Joins fragments with a separator that is itself escaped unless it is a fragment. */
export function joinHtml(items: readonly HtmlValue[], separator: SafeHtml | string): SafeHtml {
  const sep = render(separator);
  return create(items.map(render).join(sep));
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  return '';
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values (our templates always quote). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/**
 * A URL for an href or action: relative URLs and http(s) pass, anything else (javascript:, data:, vbscript:)
 * becomes `#`. Escaping alone would not stop `javascript:` from running when tapped.
 */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  // A scheme is letters, digits, + - . before the first ':' that comes before any / ? #.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed.replace(/[\p{Cc}\s]/gu, ''));
  if (!scheme) return trimmed;
  return /^https?$/i.test(scheme[1] ?? '') ? trimmed : '#';
}

import sanitizeHtml from 'sanitize-html';
import { stripMarkersFromAttribute } from './highlight-markers.js';
import { isShownImage } from './image-hosts.js';
import { imageNotShown } from '../messages/zh-cn.js';

/**
 * The article tags a WeChat article uses, from sanitize-html's conservative defaults plus images and edits.
 * `mark` is turned into `span` (below): on the review page a highlight always means a finding, never the
 * draft's own markup.
 */
/** What an image off the platforms' hosts becomes inside sanitize-html; replaced by text afterwards. */
const PLACEHOLDER_TAG = 'qianfa-image';
const PLACEHOLDER = new RegExp(`<${PLACEHOLDER_TAG}(?: src="([^"]*)")?></${PLACEHOLDER_TAG}>`, 'g');

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'mark'),
  'img',
  'del',
  'ins',
  PLACEHOLDER_TAG,
];

/** No class, id, style or event handler anywhere: a draft can neither restyle the page nor script it. */
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel', 'target'],
  img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
  [PLACEHOLDER_TAG]: ['src'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start', 'reversed', 'type'],
  time: ['datetime'],
  abbr: ['title'],
};

interface SanitizeOptions {
  /** Remove highlight markers from attribute values (they reach hrefs when a finding is a Markdown link). */
  stripMarkers?: boolean;
  /** Hosts images are shown from (imageHostsWith); the platforms' image hosts when absent. */
  imageHosts?: readonly string[];
}

/**
 * Sanitises untrusted article HTML for the review page: no scripts, styles, event handlers, iframes, forms or
 * `javascript:` URLs; links open in a new tab with `rel="noopener noreferrer"` (the page URL carries the signed
 * token, which must not leak to the linked site); images keep http(s) and data: sources.
 */
export function sanitizeArticle(dirty: string, options: SanitizeOptions = {}): string {
  return withImagePlaceholders(
    sanitizeHtml(dirty, {
      allowedTags: ALLOWED_TAGS,
      allowedAttributes: ALLOWED_ATTRIBUTES,
      allowedSchemes: ['http', 'https', 'mailto', 'tel'],
      allowedSchemesByTag: { img: ['http', 'https', 'data'] },
      allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
      allowProtocolRelative: true,
      disallowedTagsMode: 'discard',
      // Their text is not article text (title is shown above the article; the rest is code or form data).
      nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template'],
      enforceHtmlBoundary: false,
      transformTags: { '*': (tagName, attribs) => transformTag(tagName, attribs, options) },
    }),
  );
}

/** The placeholder's src is already escaped as an attribute (& < > "), so it is safe as text too. */
function withImagePlaceholders(sanitized: string): string {
  return sanitized.replace(
    PLACEHOLDER,
    (_tag, src: string | undefined) => `<span>${imageNotShown(src ?? '')}</span>`,
  );
}

function transformTag(
  tagName: string,
  attribs: sanitizeHtml.Attributes,
  options: SanitizeOptions,
): sanitizeHtml.Tag {
  const clean = options.stripMarkers ? stripAll(attribs) : { ...attribs };
  // A draft's own placeholder tag is a plain span: only the sanitiser makes placeholders.
  if (tagName === 'mark' || tagName === PLACEHOLDER_TAG) return { tagName: 'span', attribs: {} };
  if (tagName === 'a')
    return { tagName, attribs: { ...clean, rel: 'noopener noreferrer', target: '_blank' } };
  if (tagName === 'img') return shownOrPlaceholder(imageAttributes(clean), options.imageHosts);
  return { tagName, attribs: clean };
}

/** WeChat's editor puts the real source in data-src (lazy loading); show that image. */
function imageAttributes(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const src = attribs.src || attribs['data-src'];
  const result: sanitizeHtml.Attributes = { ...attribs, loading: 'lazy' };
  if (src !== undefined) result.src = src;
  return result;
}

/** An image off the platforms' hosts is not loaded: a placeholder shows its URL as (escaped) text. */
function shownOrPlaceholder(attribs: sanitizeHtml.Attributes, hosts?: readonly string[]): sanitizeHtml.Tag {
  const src = attribs.src ?? '';
  if (src === '' || isShownImage(src, hosts)) return { tagName: 'img', attribs };
  return { tagName: PLACEHOLDER_TAG, attribs: { src } };
}

function stripAll(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  return Object.fromEntries(
    Object.entries(attribs).map(([name, value]) => [name, stripMarkersFromAttribute(value)]),
  );
}

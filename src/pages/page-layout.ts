import { createHash } from 'node:crypto';
import type { SafeHtml } from './html.js';
import { html, raw } from './html.js';
import { imageHostsWith } from './image-hosts.js';
import { PAGE_STYLES } from './page-styles.js';
import { deskNav, type DeskNav } from './editor-nav.js';

const STYLE_HASH = createHash('sha256').update(PAGE_STYLES, 'utf8').digest('base64');
/** Built outside the template so that formatting the template can never change the hashed text. */
const STYLE_ELEMENT = raw(`<style>${PAGE_STYLES}</style>`);

/**
 * Defence in depth behind sanitising and escaping, sent as a header (helmet, create-app.ts): scripts only from
 * our own files (no inline script, so nothing in a draft can run), styles only from our own `<style>` (by hash), images from the platforms' hosts and data:, forms
 * only to this origin, no `<base>` rewriting, and no framing (frame-ancestors, which a meta tag cannot carry).
 */
export function contentSecurityPolicyDirectives(imageHosts: readonly string[] = imageHostsWith()) {
  return {
    defaultSrc: ["'none'"],
    styleSrc: [`'sha256-${STYLE_HASH}'`],
    // Draft images only from the platforms' image hosts (what WeChat's uploadimg and Weibo return) and the
    // installation's own (QIANFA_IMAGE_HOSTS): the same list the sanitiser shows images from.
    imgSrc: ['data:', ...imageHosts.flatMap((host) => [`https://${host}`, `http://${host}`])],
    formAction: ["'self'"],
    // The editor's live check: its script is a file of ours (no inline script), talking to this origin only.
    scriptSrc: ["'self'"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  };
}

// Sandbox (issue 12, point 6): a process started with `qianfa serve --sandbox` marks every page, so nobody
// mistakes the simulated platforms for real ones. Process-wide: the mode is the whole process's.
let sandboxBanner = false;

/** Every page rendered from now on says SANDBOX (沙盒演示) in a banner under the top bar. */
export function showSandboxBanner(): void {
  sandboxBanner = true;
}

function sandboxNotice(): SafeHtml | string {
  if (!sandboxBanner) return '';
  return html`<div class="notice notice-warning sandbox-banner" role="note">
    <p>
      <strong>沙盒演示（SANDBOX）</strong>：微信、微博均为模拟平台，发布内容不会真正公开。
      <a href="/sandbox">查看模拟平台收到的内容</a>
    </p>
  </div>`;
}

export interface DocumentOptions {
  /** The `<title>`: untrusted text is fine, it is escaped. */
  title: string;
  layout: 'mobile' | 'desktop';
  viewerName?: string;
  main: SafeHtml;
  /** A closing line under the page, e.g. that findings only assist the reviewer. */
  footer?: string;
  /** The desk's navigation (我的稿件 / 写稿 / 待我审核), for a logged-in person. */
  nav?: DeskNav;
  /** Script files of ours (same origin), loaded deferred; the page works without them. */
  scripts?: readonly string[];
  /**
   * The gate's mount path (`req.baseUrl`; a desk page's nav carries it): given it, the page loads forms.js, the
   * Chinese validation messages of its forms.
   */
  base?: string | undefined;
}

export type PageScript = 'editor.js' | 'forms.js';

/** Where a page script is served, under the gate's mount path. */
export function pageScriptUrl(base: string, name: PageScript): string {
  return `${base}/d/assets/${name}`;
}

/**
 * A complete HTML5 document around `main`: Simplified Chinese, zoomable (no `user-scalable=no`), no referrer
 * (the URL of a review link carries its signed token), no telephone auto-linking (it would break marks on
 * numbers), not indexed.
 */
export function renderDocument(options: DocumentOptions): string {
  const { title, layout, viewerName, main, footer, nav } = options;
  const base = options.base ?? nav?.base;
  const forms = base === undefined ? [] : [pageScriptUrl(base, 'forms.js')];
  const scripts = [...forms, ...(options.scripts ?? [])];
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="format-detection" content="telephone=no" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="theme-color" content="#ffffff" />
        <link rel="icon" href="data:," />
        <title>${title} · 签发</title>
        ${STYLE_ELEMENT} ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body class="${layout}">
        <header class="topbar">
          <div class="topbar-in">
            <span class="seal" aria-hidden="true">签</span
            ><span class="brand">签发 · 稿件审签</span
            >${viewerName === undefined ? '' : html`<span class="viewer"><span class="sr">当前用户：</span>${viewerName}</span>`}
          </div>
        </header>
        ${sandboxNotice()} ${nav === undefined ? '' : deskNav(nav)} ${main}
        ${footer === undefined ? '' : html`<footer class="footer">${footer}</footer>`}
      </body>
    </html> `.toString();
}

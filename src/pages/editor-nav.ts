import type { SafeHtml } from './html.js';
import { html, safeUrl } from './html.js';

/** Where the desk is mounted (`req.baseUrl`, '' at the root) and which of its pages is shown. */
export interface DeskNav {
  base: string;
  current?: 'drafts' | 'write' | 'queue' | 'history' | 'admin';
  /** Where 退出 posts (`/d/logout` with the form token); without it, no 我的登录 / 退出. */
  logoutAction?: string;
  /** The person administers some organisation: the nav links to the admin's pages too. */
  admin?: boolean;
}

const ITEMS = [
  { key: 'drafts', path: '/d/drafts', label: '我的稿件' },
  { key: 'write', path: '/d/write', label: '写稿' },
  { key: 'queue', path: '/d/queue', label: '待我审核' },
  { key: 'history', path: '/d/history', label: '已处理' },
] as const;
const ADMIN_ITEM = { key: 'admin', path: '/d/admin', label: '管理' } as const;

/** The desk's navigation for a logged-in person: its links, the current one marked for screen readers too. */
export function deskNav(nav: DeskNav): SafeHtml {
  const items = nav.admin === true ? [...ITEMS, ADMIN_ITEM] : ITEMS;
  const links = items.map(({ key, path, label }) => {
    const current = key === nav.current ? html` aria-current="page"` : '';
    return html`<li><a href="${nav.base}${path}" ${current}>${label}</a></li>`;
  });
  return html`<nav class="desknav" aria-label="工作台">
    <ul>
      ${links} ${nav.logoutAction ? account(nav.base, nav.logoutAction) : ''}
    </ul>
  </nav>`;
}

/** 我的登录 (the person's sessions) and 退出, a POST form (logging out changes state, so never a link). */
function account(base: string, logoutAction: string): SafeHtml {
  return html`<li class="desknav-end"><a href="${base}/d/sessions">我的登录</a></li>
    <li>
      <form method="post" action="${safeUrl(logoutAction)}"><button type="submit">退出</button></form>
    </li>`;
}

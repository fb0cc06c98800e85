import type {
  SandboxArticle,
  SandboxRecords,
  SandboxWechatAccount,
  SandboxWeiboAccount,
} from '../domain/sandbox-records.js';
import { textOfHtml } from '../domain/publishing/article-html.js';
import { formatTime } from '../messages/format-time.js';
import type { SafeHtml } from './html.js';
import { html } from './html.js';
import { renderDocument } from './page-layout.js';

/**
 * `/sandbox`: what the simulated WeChat and Weibo received, per account, so a newcomer sees a publish happen.
 * Articles show their last line, where qianfa stamps the tail (尾注) from who signed.
 */
export function renderSandboxPage(records: SandboxRecords): string {
  const main = html`<main class="page" id="main">
    <section class="card" aria-labelledby="sandbox-h">
      <h1 id="sandbox-h">模拟平台收到的内容</h1>
      <p class="muted small">
        稿件审签通过后，签发把它发到这里的模拟微信公众号和微博；刷新本页可查看最新记录。
      </p>
    </section>
    ${records.wechat.map(wechatAccount)} ${records.weibo.map(weiboAccount)}
  </main>`;
  return renderDocument({ title: '沙盒：模拟平台', layout: 'desktop', main });
}

function wechatAccount(account: SandboxWechatAccount): SafeHtml {
  return html`<section class="card sandbox-account" data-platform="wechat" data-account="${account.name}">
    <h2>微信公众号：${account.name} <span class="muted small">（${account.appid}）</span></h2>
    <h3>已发表（freepublish）（${account.published.length}）</h3>
    ${list(account.published, (article) => articleItem('published', article, article.url), '还没有发表的文章。')}
    <h3>草稿箱收到的草稿（draft/add）（${account.drafts.length}）</h3>
    ${list(account.drafts, (article) => articleItem('draft', article), '还没有草稿。')}
  </section>`;
}

function weiboAccount(account: SandboxWeiboAccount): SafeHtml {
  return html`<section class="card sandbox-account" data-platform="weibo" data-account="${account.name}">
    <h2>微博：${account.name} <span class="muted small">（UID ${account.uid}）</span></h2>
    <h3>已发布的微博（statuses/share）（${account.posts.length}）</h3>
    ${list(
      account.posts,
      (post) =>
        html`<li class="sandbox-post" data-id="${post.id}">
          ${time(post.at)}
          <p>${post.text}</p>
        </li>`,
      '还没有微博。',
    )}
  </section>`;
}

function list<T>(items: readonly T[], render: (item: T) => SafeHtml, empty: string): SafeHtml {
  if (items.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ol>
    ${[...items].reverse().map(render)}
  </ol>`;
}

function articleItem(kind: 'published' | 'draft', article: SandboxArticle, url?: string): SafeHtml {
  const lines = linesOf(article.content);
  const tail = lines.at(-1) ?? '';
  return html`<li class="sandbox-article sandbox-${kind}">
    ${time(article.at)} <strong class="sandbox-title">${article.title}</strong>
    ${article.author === '' ? '' : html`<span class="muted small">作者：${article.author}</span>`}
    ${url === undefined ? '' : html`<span class="muted small">链接：${url}</span>`}
    <p class="sandbox-tail">文末（尾注）：${tail}</p>
    <details>
      <summary>全文</summary>
      ${lines.map((line) => html`<p>${line}</p>`)}
    </details>
  </li>`;
}

function time(at: Date): SafeHtml {
  return html`<time datetime="${at.toISOString()}">${formatTime(at.toISOString())}</time>`;
}

/** The article's text, a line per block (paragraph, heading, list item, line break), tags gone, entities decoded. */
function linesOf(content: string): string[] {
  return content
    .split(/<\/(?:p|div|section|h\d|li)>|<br\s*\/?>/i)
    .map((block) => textOfHtml(block).trim())
    .filter((line) => line !== '');
}

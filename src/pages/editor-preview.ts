import { articleHtml } from '../domain/publishing/article-html.js';
import { WEIBO_STATUS_MAX_LENGTH } from '../domain/publishing/weibo-limits.js';
import type { PreviewModel } from './editor-model.js';
import type { SafeHtml } from './html.js';
import { html, joinHtml, raw } from './html.js';
import { isShownImage } from './image-hosts.js';
import { sanitizeArticle } from './sanitize-article.js';

type WechatPreview = PreviewModel['wechat'][number];
type WeiboPreview = PreviewModel['weibo'][number];

/** 预览: each WeChat article in a phone frame, each Weibo status as it will be posted. */
export function previewSection(preview: PreviewModel, imageHosts?: readonly string[]): SafeHtml {
  return html`<section class="card preview" id="preview" aria-labelledby="preview-h">
    <h2 id="preview-h">预览：发布后的样子</h2>
    <div class="previews">
      ${preview.wechat.map((article) => phoneFrame(article, imageHosts))} ${preview.weibo.map(weiboCard)}
    </div>
  </section>`;
}

function phoneFrame(article: WechatPreview, imageHosts?: readonly string[]): SafeHtml {
  const body = sanitizeArticle(articleHtml(article.body, article.format), imageHosts ? { imageHosts } : {});
  const byline = [article.author, article.account].filter((part) => part !== undefined && part !== '');
  return html`<figure class="phone" aria-label="微信公众号文章预览：${article.account}">
    <figcaption class="phone-bar">微信公众号 · ${article.account}</figcaption>
    <div class="phone-screen">
      <h3 class="wx-title">${article.title}</h3>
      <p class="wx-meta">${joinHtml(byline, ' ')}</p>
      ${coverOf(article.cover, imageHosts)}
      <p class="wx-digest"><span class="sr">摘要：</span>${article.digest}</p>
      <div class="article-body">${raw(body)}</div>
      <p class="tail">${article.tail}</p>
    </div>
  </figure>`;
}

/** The draft's own cover; one from a host the page may not load is named, not fetched (no tracker pixel). */
export function coverOf(cover: string | undefined, imageHosts?: readonly string[]): SafeHtml {
  if (!cover) return html`<p class="wx-cover-default">封面：账号默认封面</p>`;
  if (isShownImage(cover, imageHosts)) return html`<img class="wx-cover" src="${cover}" alt="封面" />`;
  return html`<p class="wx-cover-default">封面：${cover}</p>`;
}

function weiboCard(post: WeiboPreview): SafeHtml {
  if (post.text === undefined) {
    return html`<figure class="weibo" aria-label="微博预览：${post.account}">
      <figcaption class="phone-bar">微博 · ${post.account}</figcaption>
      <p class="notice notice-error">${post.refusal ?? ''}</p>
    </figure>`;
  }
  const over = (post.length ?? 0) > WEIBO_STATUS_MAX_LENGTH;
  return html`<figure class="weibo" aria-label="微博预览：${post.account}">
    <figcaption class="phone-bar">微博 · ${post.account}</figcaption>
    <p class="weibo-text">${post.text}</p>
    <p class="weibo-count ${over ? 'over' : ''}">
      按微博计数 ${post.length} / ${WEIBO_STATUS_MAX_LENGTH} 字（链接按短链计）
    </p>
  </figure>`;
}

import { fetch as undiciFetch, type Response } from 'undici';
import { refusalForFetch } from '../../../domain/egress-policy.js';
import { egressRefusalIn, guardedDispatcher, type Resolver } from '../../egress/guarded-dispatcher.js';
import type { ImageFile } from '../platform-http.js';
import { createWechatError } from './wechat-error-codes.js';

/** Images already on WeChat's own image host need no upload. */
const WECHAT_IMAGE_HOST = /^https?:\/\/mmbiz\.qpic\.cn\//;
const IMG_SRC = /(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2/gi;
const DATA_URI = /^data:(image\/(?:png|jpe?g|gif));base64,([a-z0-9+/=\s]+)$/i;

/** The image at a data: URI or http(s) URL; `what` names it in errors (正文图片, 封面). */
export type ImageAt = (src: string, what?: string) => Promise<ImageFile>;

export interface ImageDownloadOptions {
  /** Deadline of each download, headers and body. */
  timeoutMs: number;
  /** Hosts reached even at loopback or private addresses: an intranet image server (QIANFA_IMAGE_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  /** How names resolve before the policy checks them; default the system resolver. */
  resolve?: Resolver;
}

/** Redirects followed at most; a longer chain is the author's to fix. */
const MAX_REDIRECTS = 5;

/**
 * Replaces each inline image of an article by its copy on WeChat (media/uploadimg): WeChat drops images from
 * other hosts. Sources may be data: URIs or http(s) URLs, which are downloaded first.
 */
export async function uploadInlineImages(
  html: string,
  upload: (image: ImageFile) => Promise<string>,
  imageAt: ImageAt,
): Promise<string> {
  const sources = [...new Set([...html.matchAll(IMG_SRC)].map((match) => match[3] ?? ''))].filter(
    (src) => src !== '' && !WECHAT_IMAGE_HOST.test(src),
  );
  const uploaded = new Map<string, string>();
  for (const src of sources) uploaded.set(src, await upload(await imageAt(decodeEntities(src))));
  return html.replace(IMG_SRC, (whole, before: string, quote: string, src: string) => {
    const url = uploaded.get(src);
    return url ? `${before}${quote}${url}${quote}` : whole;
  });
}

/**
 * Images from data: URIs, or downloaded through the egress policy: the draft names the address, so a plain
 * fetch would let any author make the server request an internal one (SSRF). Loopback, private and link-local
 * addresses are refused unless their host is allowed, checked on the address connected to and on every
 * redirect, which are followed by hand.
 */
export function imageDownloader(options: ImageDownloadOptions): ImageAt {
  const dispatcher = guardedDispatcher(options.allowHosts, options.resolve);
  const download = async (url: URL, what: string, src: string): Promise<Response> => {
    if (refusalForFetch(url, options.allowHosts)) throw refusedImage(what, src);
    try {
      const signal = AbortSignal.timeout(options.timeoutMs);
      return await undiciFetch(url, { redirect: 'manual', signal, dispatcher });
    } catch (error) {
      if (egressRefusalIn(error)) throw refusedImage(what, src);
      throw createWechatError('network', { platformMessage: `下载${what}失败：${src}`, cause: error });
    }
  };
  return async (src, what = '正文图片') => {
    const inline = DATA_URI.exec(src);
    if (inline) return image(Buffer.from(inline[2] ?? '', 'base64'), inline[1] ?? 'image/png');
    if (!/^https?:\/\//i.test(src)) throw imageError(`${what}地址无法使用：${src.slice(0, 80)}`);
    let url = new URL(src);
    for (let hops = 0; hops <= MAX_REDIRECTS; hops++) {
      const response = await download(url, what, src);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) {
        return imageOf(response, what, src);
      }
      await response.body?.cancel();
      url = new URL(location, url);
    }
    throw imageError(`${what}重定向超过 ${MAX_REDIRECTS} 次：${src}`);
  };
}

async function imageOf(response: Response, what: string, src: string): Promise<ImageFile> {
  if (response.status >= 500) throw createWechatError('http_5xx', { platformMessage: `下载${what}：${src}` });
  if (!response.ok) throw imageError(`${what}无法下载（HTTP ${response.status}）：${src}`);
  const type = response.headers.get('content-type')?.split(';')[0] ?? 'image/jpeg';
  return image(new Uint8Array(await response.arrayBuffer()), type);
}

/** An address the egress policy refuses: permanent, and the explanation names the picture. */
function refusedImage(what: string, src: string) {
  return createWechatError('image_refused', { subject: `${what}（${src.slice(0, 120)}）` });
}

function image(data: Uint8Array, contentType: string): ImageFile {
  const extension = contentType.includes('png') ? 'png' : contentType.includes('gif') ? 'gif' : 'jpg';
  return { data, contentType, filename: `image.${extension}` };
}

/** A picture that can never be fetched is the author's to fix: a permanent failure, explained. */
function imageError(message: string) {
  return createWechatError('40005', { platformMessage: message });
}

function decodeEntities(src: string): string {
  return src.replace(/&amp;/g, '&');
}

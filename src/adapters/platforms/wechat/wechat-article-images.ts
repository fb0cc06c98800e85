import type { ImageFile } from '../platform-http.js';
import { createWechatError } from './wechat-error-codes.js';

/** Images already on WeChat's own image host need no upload. */
const WECHAT_IMAGE_HOST = /^https?:\/\/mmbiz\.qpic\.cn\//;
const IMG_SRC = /(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2/gi;
const DATA_URI = /^data:(image\/(?:png|jpe?g|gif));base64,([a-z0-9+/=\s]+)$/i;

/**
 * Replaces each inline image of an article by its copy on WeChat (media/uploadimg): WeChat drops images from
 * other hosts. Sources may be data: URIs or http(s) URLs, which are downloaded first.
 */
export async function uploadInlineImages(
  html: string,
  upload: (image: ImageFile) => Promise<string>,
  timeoutMs: number,
): Promise<string> {
  const sources = [...new Set([...html.matchAll(IMG_SRC)].map((match) => match[3] ?? ''))].filter(
    (src) => src !== '' && !WECHAT_IMAGE_HOST.test(src),
  );
  const uploaded = new Map<string, string>();
  for (const src of sources) uploaded.set(src, await upload(await imageAt(decodeEntities(src), timeoutMs)));
  return html.replace(IMG_SRC, (whole, before: string, quote: string, src: string) => {
    const url = uploaded.get(src);
    return url ? `${before}${quote}${url}${quote}` : whole;
  });
}

/** The image at a data: URI or http(s) URL; `what` names it in errors (正文图片, 封面). */
export async function imageAt(src: string, timeoutMs: number, what = '正文图片'): Promise<ImageFile> {
  const inline = DATA_URI.exec(src);
  if (inline) return image(Buffer.from(inline[2] ?? '', 'base64'), inline[1] ?? 'image/png');
  if (!/^https?:\/\//i.test(src)) throw imageError(`${what}地址无法使用：${src.slice(0, 80)}`);
  let response: Response;
  try {
    response = await fetch(src, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw createWechatError('network', { platformMessage: `下载${what}失败：${src}`, cause: error });
  }
  if (response.status >= 500) throw createWechatError('http_5xx', { platformMessage: `下载${what}：${src}` });
  if (!response.ok) throw imageError(`${what}无法下载（HTTP ${response.status}）：${src}`);
  const type = response.headers.get('content-type')?.split(';')[0] ?? 'image/jpeg';
  return image(new Uint8Array(await response.arrayBuffer()), type);
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

import express, { type RequestHandler } from 'express';

/** Largest JSON body the WeChat gateway reads (a draft's content is under 1 MB, facts §1.4). */
export const JSON_BODY_LIMIT = '2mb';

/** Largest upload the gateway passes on (add_material takes up to 10 MB, facts §1.3). */
export const UPLOAD_BODY_LIMIT = '11mb';

/**
 * Charsets a body may declare: UTF-8, and the GB family Chinese tools still send (GB18030 contains GBK, which
 * contains GB2312). body-parser decodes them (with iconv-lite); anything else is refused in WeChat's envelope.
 */
const ACCEPTED_CHARSETS = new Set(['utf-8', 'utf8', 'gbk', 'gb2312', 'gb18030']);

/** An error the body parsers raise, as body-parser shapes them (`type`, `status`, and what they concern). */
interface BodyError {
  type?: unknown;
  status?: unknown;
  charset?: unknown;
  encoding?: unknown;
  contentType?: unknown;
}

/**
 * The JSON body of a WeChat endpoint: read as text in its declared charset (UTF-8 when none), whatever the
 * content type (WeChat reads the body as JSON whatever the header says; curl sends JSON as a form), then parsed.
 * An empty body is no body. Errors go to the gateway's error handler, which answers them as WeChat would.
 */
export function wechatJsonBody(): RequestHandler[] {
  const text = express.text({
    type: () => true,
    limit: JSON_BODY_LIMIT,
    defaultCharset: 'utf-8',
    verify: (_req, _res, _buffer, charset) => {
      if (charset && !ACCEPTED_CHARSETS.has(charset.toLowerCase())) {
        throw Object.assign(new Error(`charset ${charset}`), { type: 'charset.unsupported', charset });
      }
    },
  });
  const parse: RequestHandler = (req, _res, next) => {
    const body: unknown = req.body;
    if (typeof body !== 'string') return next();
    if (body.trim() === '') {
      req.body = undefined;
      return next();
    }
    try {
      req.body = JSON.parse(body) as unknown;
      next();
    } catch {
      const contentType = req.headers['content-type'];
      next(
        Object.assign(new Error('invalid JSON'), { type: 'entity.parse.failed', status: 400, contentType }),
      );
    }
  };
  return [text, parse];
}

/**
 * What was wrong with a request's body, in Chinese, for errmsg; undefined for an error that is not about the
 * body (an internal failure).
 */
export function bodyProblem(error: unknown): string | undefined {
  const known = (error ?? {}) as BodyError;
  switch (known.type) {
    case 'entity.too.large':
      return `请求体过大（JSON 上限 ${JSON_BODY_LIMIT.toUpperCase()}，上传上限 ${UPLOAD_BODY_LIMIT.toUpperCase()}）`;
    case 'charset.unsupported':
      return `不支持字符集 ${String(known.charset)}：请使用 UTF-8（也接受 GBK、GB2312、GB18030）`;
    case 'encoding.unsupported':
      return `不支持内容编码 ${String(known.encoding)}：请不压缩，或使用 gzip、deflate、br`;
    case 'entity.parse.failed':
      return notJson(known.contentType);
  }
  const status = typeof known.status === 'number' ? known.status : 500;
  return status >= 400 && status < 500 ? '请求体无法读取（长度不符、压缩数据损坏或连接中断）' : undefined;
}

function notJson(contentType: unknown): string {
  const declared = typeof contentType === 'string' ? contentType.split(';')[0]?.trim() : undefined;
  const json = !declared || /json|text\/plain/i.test(declared);
  return json ? '请求体不是有效的 JSON' : `请求体须为 JSON（收到的是 ${declared}）`;
}

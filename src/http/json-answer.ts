import type { Response } from 'express';

/**
 * A JSON answer with the very status line, headers and body Express's `res.json` writes (`Content-Type:
 * application/json; charset=utf-8`, `Content-Length`), without its lookups per answer (mime-types' content
 * type, parsing and formatting the type again to set its charset). For the answers of writes (POST, PUT): no
 * HEAD, no conditional GET, which `res.json` also handles.
 */
export function sendJsonAnswer(res: Response, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

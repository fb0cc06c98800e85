import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalSha256, type JsonValue } from '../../src/domain/audit/canonical-json.js';
import { contentHash, type DraftContent } from '../../src/domain/draft-content.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A paragraph with what JSON escapes (quotes, a backslash, a newline) and a character outside the BMP. */
const PARAGRAPH = '\u3000\u3000各地各部门要把"垃圾分类"工作摆上重要位置，明确责任分工\\细化措施😀。\n';

/** Hashes and forms computed on main before the canonical form was written piece by piece: they must not move. */
describe('canonical JSON written in pieces', () => {
  it('gives the same string at every depth, empty objects and arrays and undefined items included', () => {
    const value = {
      z: [1, undefined, { b: {}, a: [] }, 'x'],
      a: { c: undefined, é: -0.5, '"k"': null },
      e: [],
    };
    const canonical = canonicalJson(value as unknown as JsonValue);
    expect(canonical).toBe('{"a":{"\\"k\\"":null,"é":-0.5},"e":[],"z":[1,null,{"a":[],"b":{}},"x"]}');
    expect(canonicalSha256(value as unknown as JsonValue)).toBe(
      'bd73849e5c896d3ad79ab05ee0da790f4c6fc978a3040eb184bc36e17b40b4a2',
    );
  });

  it('hashes long strings given to the hash on their own as the whole string hashes', () => {
    const long = PARAGRAPH.repeat(40);
    const values: JsonValue[] = [
      long,
      { body: long, title: '通知', tail: long, n: 1 },
      [long, long, 'short', { a: long }],
      // A lone surrogate, escaped by JSON.stringify, at the end of a long piece.
      { body: `${long}\ud83d`, z: '\udc00' },
    ];
    for (const value of values) expect(canonicalSha256(value)).toBe(sha256(canonicalJson(value)));
  });

  it('keeps the content hash of a stored version', () => {
    const content: DraftContent = {
      title: '关于开展生活垃圾分类工作的通知',
      body: PARAGRAPH.repeat(120),
      format: 'markdown',
      targets: ['wechat:崇川发布', 'weibo:崇川发布'],
      digest: '摘要',
      publish_at: '2026-12-31T00:00:00.000Z',
      need_open_comment: true,
      corrects: {
        kind: 'correction',
        draft: 'd1',
        target: 'wechat:崇川发布',
        url: 'https://mp.weixin.qq.com/s/abc',
        title: '原通知',
      },
    };
    expect(contentHash(content)).toBe('1392d23ffc521cc896a399e89cd52caf00ae7b29a3d2f2378b7e0575b51a4e26');
  });
});

/*
 * Mis-decoded text (R4). Two shapes are found, both confirmed by decoding the bytes back:
 * - UTF-8 read as GBK (鍩烘湰 for 基本): the GBK bytes of a run of characters form valid UTF-8 for at least two
 *   common characters;
 * - GBK read one byte late (驹瓌t for 原則, after a `?` the decoder put for the byte it lost): the GBK bytes of
 *   the run without its first byte decode to at least two characters.
 * Normal text, simplified or traditional, almost never does either: the byte patterns are narrow and the result
 * must be common characters (GB2312 level 1).
 */
import { unitTable } from './map-units.js';

export interface Span {
  start: number;
  end: number;
}

let table: Uint16Array | undefined;

/**
 * UTF-16 unit → its GBK double-byte code (lead << 8 | trail), 0 for none. Built once, a row of pairs per
 * decoder call: every pair decodes to one unit (U+FFFD when unassigned), so positions line up.
 */
function gbkCodes(): Uint16Array {
  if (table) return table;
  table = new Uint16Array(0x10000);
  const decoder = new TextDecoder('gbk');
  const trails: number[] = [];
  for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) trails.push(trail);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    const row = decoder.decode(Uint8Array.from(trails.flatMap((trail) => [lead, trail])));
    if (row.length !== trails.length) continue;
    trails.forEach((trail, i) => {
      const unit = row.charCodeAt(i);
      if (unit !== 0xfffd && table![unit] === 0) table![unit] = (lead << 8) | trail;
    });
  }
  return table;
}

/** GB2312 level 1: the 3,755 most common characters. */
function isCommon(code: number): boolean {
  const lead = code >> 8;
  const trail = code & 0xff;
  return lead >= 0xb0 && lead <= 0xd7 && trail >= 0xa1;
}

const RUN = /[\u2e80-\u9fff\uf900-\uffef]{2,}[\x21-\x7e]?/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const gbk = new TextDecoder('gbk', { fatal: true });

/**
 * Spans of `text` that look mis-decoded, in text order. `cued`: whether the text has a cue unit (see
 * isMojibakeCue), for a caller that has read the units already.
 */
export function findMojibake(text: string, cued = hasCue(text)): Span[] {
  const codes = gbkCodes();
  const spans: Span[] = [];
  if (!cued) return spans;
  for (const run of text.matchAll(RUN)) {
    if (run[0].length < 3) continue; // both shapes need five bytes or more
    const afterLostByte = isAfterLostByte(text, run.index);
    if (!afterLostByte && !mayStartUtf8(run[0], codes)) continue;
    const bytes = gbkBytes(run[0], codes);
    if (bytes === undefined) continue;
    const found = utf8AsGbk(bytes.bytes, bytes.charAt) ?? (afterLostByte ? lateGbk(bytes.bytes) : undefined);
    if (found) spans.push({ start: run.index + found.start, end: run.index + found.end });
  }
  return spans;
}

let startsUtf8: Uint16Array | undefined;

/**
 * Whether the unit is a cue of mojibake: a run passes the tests below only with a `?` before it or a unit that
 * may start UTF-8 (see mayStartUtf8). Ordinary text has neither, and one pass over its units costs far less
 * than cutting it into runs.
 */
export function isMojibakeCue(unit: number): boolean {
  startsUtf8 ??= utf8StartTable(gbkCodes());
  return unit === QUESTION_MARK || startsUtf8[unit] === 1;
}

function hasCue(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isMojibakeCue(text.charCodeAt(i))) return true;
  return false;
}

/** 1 for each unit whose GBK code may start UTF-8 read as GBK. */
function utf8StartTable(codes: Uint16Array): Uint16Array {
  return unitTable((unit) => (unit >= 0x80 && mayStartUtf8Code(codes[unit]!) ? 1 : 0));
}

/** A GBK lead byte that is a UTF-8 lead of a CJK character (E4–E9) and a trail byte a continuation (80–BF). */
function mayStartUtf8Code(code: number): boolean {
  return code >= 0xe480 && code <= 0xe9bf && (code & 0xff) >= 0x80 && (code & 0xff) <= 0xbf;
}

/**
 * Whether a character of the run could start UTF-8 read as GBK: a match starts on a character whose GBK lead
 * byte is a UTF-8 lead of a CJK character (E4–E9) and whose trail byte a continuation (80–BF). Ordinary text,
 * simplified or traditional, and a listed word repeated a million times has none and is passed over without
 * encoding.
 */
function mayStartUtf8(run: string, codes: Uint16Array): boolean {
  for (let i = 0; i < run.length; i++) {
    const unit = run.charCodeAt(i);
    if (unit < 0x80) continue;
    if (mayStartUtf8Code(codes[unit]!)) return true;
  }
  return false;
}

interface RunBytes {
  bytes: Uint8Array;
  /** The character index each byte belongs to. */
  charAt: Int32Array;
}

/** Reused between runs: a run's bytes are only read before the next run is encoded. */
let byteBuffer = new Uint8Array(256);
let charBuffer = new Int32Array(256);

function gbkBytes(run: string, codes: Uint16Array): RunBytes | undefined {
  if (byteBuffer.length < run.length * 2) {
    byteBuffer = new Uint8Array(run.length * 4);
    charBuffer = new Int32Array(run.length * 4);
  }
  const bytes = byteBuffer;
  const charAt = charBuffer;
  let length = 0;
  for (let i = 0; i < run.length; i++) {
    const unit = run.charCodeAt(i);
    if (unit < 0x80) {
      charAt[length] = i;
      bytes[length++] = unit;
      continue;
    }
    const code = codes[unit]!;
    if (code === 0) return undefined;
    charAt[length] = i;
    bytes[length++] = code >> 8;
    charAt[length] = i;
    bytes[length++] = code & 0xff;
  }
  return { bytes: bytes.subarray(0, length), charAt: charAt.subarray(0, length) };
}

/** Two or more 3-byte UTF-8 sequences in a row, decoding to common characters, aligned on a character. */
function utf8AsGbk(bytes: Uint8Array, charAt: Int32Array): Span | undefined {
  const codes = gbkCodes();
  for (let at = 0; at + 6 <= bytes.length;) {
    let end = at;
    while (end + 3 <= bytes.length && isUtf8Cjk(bytes, end)) end += 3;
    if (end - at >= 6 && (at === 0 || charAt[at - 1] !== charAt[at])) {
      const decoded = utf8.decode(bytes.subarray(at, end));
      if ([...decoded].every((char) => isCommon(codes[char.charCodeAt(0)]!))) {
        return { start: charAt[at]!, end: charAt[end - 1]! + 1 };
      }
    }
    at = end > at ? end : at + 1;
  }
  return undefined;
}

function isContinuation(byte: number): boolean {
  return byte >= 0x80 && byte <= 0xbf;
}

function isUtf8Cjk(bytes: Uint8Array, at: number): boolean {
  const lead = bytes[at]!;
  return lead >= 0xe4 && lead <= 0xe9 && isContinuation(bytes[at + 1]!) && isContinuation(bytes[at + 2]!);
}

/** A `?` just before the run (with at most one ASCII mark between) stands for the byte the decoder lost. */
function isAfterLostByte(text: string, start: number): boolean {
  const last = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (last === QUESTION_MARK) return true;
  return last >= 0x21 && last <= 0x7e && start > 1 && text.charCodeAt(start - 2) === QUESTION_MARK;
}

const QUESTION_MARK = 0x3f;

function lateGbk(bytes: Uint8Array): Span | undefined {
  if (bytes.length < 5) return undefined;
  const shifted = bytes.subarray(1, bytes.length - ((bytes.length - 1) % 2));
  let decoded: string;
  try {
    decoded = gbk.decode(shifted);
  } catch {
    return undefined;
  }
  const codes = gbkCodes();
  const common = [...decoded].filter((char) => isCommon(codes[char.charCodeAt(0)]!)).length;
  return decoded.length >= 2 && common >= 1 && /^[\u4e00-\u9fff]+$/.test(decoded)
    ? { start: 0, end: Math.ceil(bytes.length / 2) }
    : undefined;
}

import { foldTable, SKIP } from '../matching/fold-table.js';
import { decodeUnits, unitBuffer } from '../text/map-units.js';
import type { CheckContext, CheckRule, FieldScan } from './check-context.js';
import { findingAt } from './check-context.js';
import type { Finding } from './finding.js';

/*
 * Contact hooks of commercial ads, as patterns (R8):
 * - ad:contact-hook   加V / VX / 薇信 / 扣扣 / 企鹅 … + an account id; plain 微信 / QQ + id only with sales words near
 * - ad:sales-hotline  400 and 95 numbers with sales words near (banks and government hotlines use them too)
 * - ad:qr-call        扫码 / 长按识别二维码 … + a commercial object (优惠券, 返现, 兼职 …); 扫码预约 is not one
 * Patterns run on a compact form of the field: folded like the matcher (full width, case, traditional) with the
 * noise between characters (spaces, zero-width characters, symbols) removed, so `加 Ｖ(U+200B)Ｘ：ａｂｃ１２３` reads as
 * `加vxabc123`. Every quantifier is bounded, so each pattern costs a constant per position: linear time.
 */

/** A folded field with its noise removed; `at[i]` is the view offset of compact unit i. */
interface Compact {
  text: string;
  at: Int32Array;
  /** Whether the text has a run of ID_MIN letters or digits (a hook's account id needs one). */
  idRun: boolean;
  /** Whether the text has a run of HOTLINE_MIN digits (the shortest hotline). */
  digitRun: boolean;
  /** Whether the text holds a QR mark (every QR call starts with one). */
  qrMark: boolean;
}

/** Shortest account id and hotline: patterns that need a longer run than the text has are not run. */
const ID_MIN = 5;
const HOTLINE_MIN = 5;
const isDigitUnit = (unit: number) => unit >= 0x30 && unit <= 0x39;
const isIdUnit = (unit: number) => isDigitUnit(unit) || (unit >= 0x61 && unit <= 0x7a);

/**
 * Clause and sentence ends stay as markers, so no hook reaches over them to a number: clause ends (，、) as `，`,
 * sentence ends as `|`. A QR call may run over a clause end (扫码，领福利), not over a sentence end. Both markers fold
 * to noise, so they never stand for text of their own.
 */
const CLAUSE = '，'.charCodeAt(0);
const SENTENCE = '|'.charCodeAt(0);
/** Marker of each unit, 0 for none; by char code: indexing the text would allocate a string per CJK mark. */
const MARKERS = new Uint16Array(0x10000);
for (const char of '，,、') MARKERS[char.charCodeAt(0)] = CLAUSE;
for (const char of '。．！!？?；;\n\r') MARKERS[char.charCodeAt(0)] = SENTENCE;

/** Every QR call starts with one of these (扫码, 扫一扫, 识别二维码, 长按识别 …). */
const QR_MARKS = ['扫', '识别', '长按'];
/**
 * By a QR mark's last unit: the unit before it in the mark, 0 for a mark of one unit; -1 for a unit that ends no
 * mark. A table, as MARKERS: read for every unit of a field.
 */
const QR_MARK_BEFORE = new Int32Array(0x10000).fill(-1);
for (const mark of QR_MARKS)
  QR_MARK_BEFORE[mark.charCodeAt(mark.length - 1)] = mark.length > 1 ? mark.charCodeAt(0) : 0;

/** A view unit as the compact form has it: folded, a clause or sentence marker, or 0 for noise. */
function compactUnit(fold: Uint16Array, code: number): number {
  const folded = fold[code]!;
  return folded !== SKIP ? folded : MARKERS[code]!;
}

/** What a field's compact form holds that the hook, hotline and QR patterns each need. */
type Holds = Pick<Compact, 'idRun' | 'digitRun' | 'qrMark'>;

/**
 * Whether the field's compact form holds a run of ID_MIN letters or digits (a hook's id), a run of HOTLINE_MIN
 * digits (a hotline) or a QR mark, read unit by unit as compact() reads them but writing nothing: most fields hold
 * none, and their compact form (two arrays and a string of the field's length) is then never built.
 */
function holdsOf(view: string): Holds | undefined {
  const fold = foldTable();
  let idRun = 0;
  let digitRun = 0;
  let last = 0;
  const holds: Holds = { idRun: false, digitRun: false, qrMark: false };
  for (let i = 0; i < view.length; i++) {
    const unit = compactUnit(fold, view.charCodeAt(i));
    if (unit === 0) continue;
    idRun = isIdUnit(unit) ? idRun + 1 : 0;
    digitRun = isDigitUnit(unit) ? digitRun + 1 : 0;
    if (idRun >= ID_MIN) holds.idRun = true;
    if (digitRun >= HOTLINE_MIN) holds.digitRun = true;
    const before = QR_MARK_BEFORE[unit]!;
    if (before === 0 || (before > 0 && before === last)) holds.qrMark = true;
    last = unit;
  }
  return holds.idRun || holds.digitRun || holds.qrMark ? holds : undefined;
}

/** Reused between calls: a field's compact form is read before the next field is compacted. */
let offsets = new Int32Array(8192);

function compact(view: string, holds: Holds): Compact {
  const fold = foldTable();
  const units = unitBuffer(view.length);
  if (offsets.length < view.length) offsets = new Int32Array(Math.max(view.length, offsets.length * 2));
  const at = offsets;
  let length = 0;
  for (let i = 0; i < view.length; i++) {
    const unit = compactUnit(fold, view.charCodeAt(i));
    // A marker repeated (a clause end after another) is kept once; both markers fold to noise, never to text.
    const marker = unit === CLAUSE || unit === SENTENCE;
    if (unit === 0 || (marker && length > 0 && units[length - 1] === unit)) continue;
    at[length] = i;
    units[length++] = unit;
  }
  return { text: decodeUnits(units, length), at: at.subarray(0, length), ...holds };
}

/** Words that make a number or a plain hook commercial: selling, recruiting, lending, gambling. */
const SALES =
  /优惠|折扣|特价|促销|热销|购买|订购|下单|抢购|团购|秒杀|报价|批发|代理商|加盟|兼职|日结|刷单|下款|套现|发票|办证|刻章|代购|货源|返利|返现|红包|彩金|赚钱|日赚|私聊|详谈|售楼|楼盘|认筹|首付|包过|秘方|减肥|理财|带单|领券|礼包|激活码|充值|福利(?!彩票|院)|美女|一条龙|酬宾|旺铺|转让|出租|厂家|上门安装|内部渠道/;
/** How far (in units) sales words may stand from a hook or number. */
const SALES_REACH = 40;

/**
 * An account id after a hook: 5–20 letters or digits, standing alone (not inside a longer latin run). The lookahead
 * takes the longest run once and the backreference consumes it, so a failed id is never retried shorter.
 */
const ID = '(?=([a-z0-9]{5,20}))\\1(?![a-z0-9])';
/** Hooks only spammers write (evasions of 微信 and QQ); an id after them is enough. */
const EVASIVE_HOOK = new RegExp(
  `(?<![a-z0-9])(?:加v[x信]?|加wx|v[x信]|wx|威信|[薇徽]信|微x|加[薇微]|薇|扣扣|企鹅号?|加q|q号|q群|扣群)${ID}`,
  'g',
);
/** Hooks government posts also write (关注微信号, 咨询 QQ 群): commercial only with sales words near. */
const PLAIN_HOOK = new RegExp(`(?<![a-z0-9])(?:加|添加)?(?:微信|qq)(?:群|号|搜索|搜)?${ID}`, 'g');

/**
 * 400/800 numbers (10 digits) and 95 numbers (5 or 8 digits) on the compact form, so digits split by spaces or
 * zero-width characters still read as one number; not a part of a longer number or a quantity (95000元).
 */
const HOTLINE = /(?<![0-9])(?:[48]00[0-9]{7}|95[0-9]{3}(?:[0-9]{3})?)(?![0-9元万亿人个户年月日])/g;
/** What may stand between the digits of a hotline as written: separators, symbols, invisible characters; not `.` or `%`. */
const HOTLINE_WRITING = /^[^.．%％\p{L}]*$/u;
const DECIMAL_OR_PERCENT = /^[.%．％]/;

/** A QR call to action followed closely by a commercial object (not 扫码预约, 扫码登记, 扫码关注). */
const QR_CALL =
  /(?:扫码|扫一扫|扫描二维码|扫二维码|识别二维码|长按识别|长按二维码)[^|]{0,20}?(?:优惠券|优惠码|折扣|赠品|返现|试用装|体验装|试听|特价|抢购|下单|购买|兼职|赚钱|日结|代理|加盟|彩金|私聊|货源|领福利|领红包|元券|领券)/g;

type Span = { start: number; end: number };

/** Sales words within SALES_REACH compact units of [start, end) (noise removed, so `优 惠` counts). */
function hasSalesNear(compacted: Compact, start: number, end: number): boolean {
  return SALES.test(compacted.text.slice(Math.max(0, start - SALES_REACH), end + SALES_REACH));
}

function* spans(pattern: RegExp, text: string): Generator<Span> {
  for (const found of text.matchAll(pattern))
    yield { start: found.index, end: found.index + found[0].length };
}

/** Compact spans → view spans: from the first unit's offset to just after the last one's. */
const inView = (compacted: Compact, span: Span): Span => ({
  start: compacted.at[span.start]!,
  end: compacted.at[span.end - 1]! + 1,
});

/** An id with no digit is a word more often than an account (微信公众号); ids of 6+ letters still count. */
const plausibleId = (id: string) => /[0-9]/.test(id) || id.length >= 6;

/** A hook right after printable ASCII (`?wx_fmt=`, `/qq.com`) is part of a URL or a code, not an ad. */
const AFTER_ASCII = /[!-~]/;
const insideLatin = (view: string, start: number) => start > 0 && AFTER_ASCII.test(view[start - 1]!);

/** Hooks of `pattern` whose id passes `keep` (given the hook's compact span), as view spans outside URLs. */
function hooks(
  view: string,
  compacted: Compact,
  pattern: RegExp,
  keep: (id: string, at: Span) => boolean,
): Span[] {
  const found: Span[] = [];
  for (const match of compacted.text.matchAll(pattern)) {
    const at = { start: match.index, end: match.index + match[0].length };
    const span = inView(compacted, at);
    if (keep(match[1]!, at) && !insideLatin(view, span.start)) found.push(span);
  }
  return found;
}

function contactHooks(scan: FieldScan, compacted: Compact): Finding[] {
  if (!compacted.idRun) return [];
  const view = scan.view.text;
  const commercial = (id: string, at: Span) => /[0-9]/.test(id) && hasSalesNear(compacted, at.start, at.end);
  return [
    ...hooks(view, compacted, EVASIVE_HOOK, plausibleId),
    ...hooks(view, compacted, PLAIN_HOOK, commercial),
  ].map((span) =>
    findingAt(scan, span.start, span.end, {
      rule: 'ad:contact-hook',
      category: 'ad',
      action: 'block',
      message: '含商业广告的联系方式（加微信、QQ 等账号），政务新媒体不得刊登商业广告',
    }),
  );
}

/** A hotline as written: only digits and separators inside, no decimal point or percent sign right after. */
function writtenAsHotline(view: string, span: Span): boolean {
  return (
    HOTLINE_WRITING.test(view.slice(span.start, span.end)) && !DECIMAL_OR_PERCENT.test(view.charAt(span.end))
  );
}

function salesHotlines(scan: FieldScan, compacted: Compact): Finding[] {
  if (!compacted.digitRun) return [];
  return [...spans(HOTLINE, compacted.text)]
    .filter((span) => hasSalesNear(compacted, span.start, span.end))
    .map((span) => inView(compacted, span))
    .filter((span) => writtenAsHotline(scan.view.text, span))
    .map((span) =>
      findingAt(scan, span.start, span.end, {
        rule: 'ad:sales-hotline',
        category: 'ad',
        action: 'block',
        message: '含销售热线（400/95 号码与促销、招揽用语同时出现），政务新媒体不得刊登商业广告',
      }),
    );
}

function qrCalls(scan: FieldScan, compacted: Compact): Finding[] {
  if (!compacted.qrMark) return [];
  return [...spans(QR_CALL, compacted.text)].map((span) => {
    const { start, end } = inView(compacted, span);
    return findingAt(scan, start, end, {
      rule: 'ad:qr-call',
      category: 'ad',
      action: 'block',
      message: '含扫码领取优惠、返现等商业招揽，政务新媒体不得刊登商业广告',
    });
  });
}

function scanFindings(scan: FieldScan): Finding[] {
  const holds = holdsOf(scan.view.text);
  if (!holds) return [];
  const compacted = compact(scan.view.text, holds);
  return [...contactHooks(scan, compacted), ...salesHotlines(scan, compacted), ...qrCalls(scan, compacted)];
}

/** R8: contact hooks, sales hotlines and QR calls to action of commercial ads, in the title and body. */
export const checkContacts: CheckRule = (context: CheckContext) => [
  ...scanFindings(context.title),
  ...scanFindings(context.body),
];

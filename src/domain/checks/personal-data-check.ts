import type { Disclosure } from '../draft.js';
import type { CheckContext, CheckRule, FieldScan } from './check-context.js';
import { findingAt } from './check-context.js';
import { digitAt, maskMiddle, numberCandidates, type NumberCandidate } from './digit-groups.js';
import type { Finding } from './finding.js';
import { classifyIdNumber, classifyOldIdNumber, type IdNumberVerdict } from './id-number.js';
import { passesLuhn } from './luhn.js';
import { listedPerRule } from './summarise-findings.js';

/*
 * Rule ids (R19–R21):
 * - privacy:id-number          18-digit resident ID, valid check character and birth date
 * - privacy:id-number-suspect  ID-shaped (province code, birth date) but the check character fails → review
 * - privacy:bank-card          16–19 digits passing Luhn, starting like a card (3/4/5/6/9)
 * - privacy:mobile             personal mobile number 1[3-9]xxxxxxxxx
 * - privacy:disclosure-mismatch a disclosure declared for a list that is no disclosure (补贴、表彰名单) → review
 * Outside a disclosure these block; in a disclosure (惩戒公示, 强制性信息披露) an ID escalates to `important`
 * and the rest ask for review (R20). Masked forms, 12345 and landlines never match the shapes below. 15-digit
 * first-generation IDs count as IDs (R19). A number after its label (学号, 工号, 准考证号, 编号 …) is that
 * number, not a phone, ID or card.
 */

export type PersonalNumberKind = 'id' | 'id-suspect' | 'card' | 'mobile';

export interface PersonalNumber extends NumberCandidate {
  kind: PersonalNumberKind;
}

const sameGroups = (groups: readonly number[], shape: readonly number[]) =>
  groups.length === shape.length && groups.every((length, i) => length === shape[i]);

const ID_GROUPINGS = [[18], [6, 8, 4]];
const OLD_ID_GROUPINGS = [[15], [6, 6, 3]];
const MOBILE_GROUPINGS = [[11], [3, 4, 4], [3, 8], [7, 4]];
const CARD_FIRST_DIGITS = '34569';

const idVerdictKind = (verdict: IdNumberVerdict): PersonalNumberKind | undefined =>
  verdict === 'valid' ? 'id' : verdict === 'suspect' ? 'id-suspect' : undefined;

function idKind(candidate: NumberCandidate): PersonalNumberKind | undefined {
  if (ID_GROUPINGS.some((shape) => sameGroups(candidate.groups, shape)))
    return idVerdictKind(classifyIdNumber(candidate.digits));
  if (OLD_ID_GROUPINGS.some((shape) => sameGroups(candidate.groups, shape)))
    return idVerdictKind(classifyOldIdNumber(candidate.digits));
  return undefined;
}

/** One unbroken run, or groups of four with a shorter last group (`6228 4800 1234 5678 903`). */
function isCardGrouping(groups: readonly number[]): boolean {
  if (groups.length === 1) return true;
  const last = groups.at(-1)!;
  return groups.length >= 4 && groups.slice(0, -1).every((length) => length === 4) && last >= 1 && last <= 4;
}

function cardKind({ digits, groups }: NumberCandidate): PersonalNumberKind | undefined {
  const plausible = digits.length >= 16 && digits.length <= 19 && CARD_FIRST_DIGITS.includes(digits[0]!);
  return plausible && isCardGrouping(groups) && passesLuhn(digits) ? 'card' : undefined;
}

function mobileKind({ digits, groups }: NumberCandidate): PersonalNumberKind | undefined {
  const grouped = MOBILE_GROUPINGS.some((shape) => sameGroups(groups, shape));
  return grouped && /^1[3-9]\d{9}$/.test(digits) ? 'mobile' : undefined;
}

/**
 * The windows some detector may accept, from their grouping and leading digits, so no candidate object is built
 * for the others (1380 0138 000 …): an 11-digit mobile starts 1[3-9], a card (when not shaped like an ID) with
 * one of CARD_FIRST_DIGITS.
 */
const ID_SHAPES = [...ID_GROUPINGS, ...OLD_ID_GROUPINGS];
function mayBePersonal(text: string, length: number, groups: readonly number[], start: number): boolean {
  if (length === 11) {
    const second = digitAt(text, start + 1);
    return (
      digitAt(text, start) === 1 && second >= 3 && MOBILE_GROUPINGS.some((shape) => sameGroups(groups, shape))
    );
  }
  if (length < 15) return false;
  if (ID_SHAPES.some((shape) => sameGroups(groups, shape))) return true;
  const cardLike = length >= 16 && length <= 19 && CARD_FIRST_DIGITS.includes(String(digitAt(text, start)));
  return cardLike && isCardGrouping(groups);
}

/** IDs first, then cards, then mobiles: a number already claimed is not reported again. */
const DETECTORS = [idKind, cardKind, mobileKind];

/**
 * Labels of numbers that are not personal data: 学号 20210301234 is a student number even when it looks like a
 * mobile. 身份证编号 and 银行卡号 are not among them.
 */
const NUMBER_LABEL =
  /(?<!身份证|身份|证件|银行卡|卡)(?:学号|学籍号|工号|准考证号|考号|考生号|座位号|编号|订单号|单号|运单号|快递单号|证书编号|证书号|证号|档案号|案号|批号|批准文号|许可证号|登记号|注册号|备案号|文号|统一社会信用代码|信用代码|税号|纳税人识别号|发票号码|发票代码|合同号|项目编号|标段号|流水号|序列号|型号|车架号|邮编|邮政编码)(?:[(（][^)）]{0,8}[)）])?\s*(?:[:：]|为|是)?\s*$/;
const LABEL_WINDOW = 24;

/** Every label above contains 号, 码 or 编: without one in the window the pattern cannot match. */
const LABEL_MARKS = new Set([0x53f7, 0x7801, 0x7f16]);

function isLabelled(text: string, start: number): boolean {
  const from = Math.max(0, start - LABEL_WINDOW);
  let marked = false;
  for (let i = from; i < start && !marked; i++) marked = LABEL_MARKS.has(text.charCodeAt(i));
  return marked && NUMBER_LABEL.test(text.slice(from, start));
}

/**
 * Personal numbers in the text, in order. Linear: candidates are bounded per start (at most 19 digits), and a
 * number already claimed is found by marking its units rather than by comparing with every earlier finding.
 */
export function detectPersonalNumbers(text: string): PersonalNumber[] {
  const candidates = numberCandidates(text, (length, groups, start) =>
    mayBePersonal(text, length, groups, start),
  ).filter((candidate) => !isLabelled(text, candidate.start));
  const found: PersonalNumber[] = [];
  const taken = new Uint8Array(text.length);
  const claimed = ({ start, end }: NumberCandidate) => {
    for (let i = start; i < end; i++) if (taken[i] === 1) return true;
    return false;
  };
  for (const detect of DETECTORS) {
    for (const candidate of candidates) {
      if (claimed(candidate)) continue;
      const kind = detect(candidate);
      if (kind === undefined) continue;
      const { start, end, digits, groups } = candidate;
      found.push({ start, end, digits, groups, kind });
      taken.fill(1, candidate.start, candidate.end);
    }
  }
  // Most texts hold one kind only, already in order: the sort (stable) is skipped then.
  const ordered = found.every((number, i) => i === 0 || found[i - 1]!.start <= number.start);
  return ordered ? found : found.sort((a, b) => a.start - b.start);
}

const DISCLOSURE_NAMES: Record<Disclosure, string> = { punishment: '惩戒公示', mandatory: '强制性信息披露' };

export function maskedForm(detection: PersonalNumber): string {
  return detection.kind === 'mobile'
    ? maskMiddle(detection.digits, 3, 4)
    : maskMiddle(detection.digits, 4, 4);
}

type FindingProps = Omit<Finding, 'field' | 'start' | 'end' | 'text'>;

function ordinaryProps(kind: PersonalNumberKind, masked: string): FindingProps {
  const base = { category: 'privacy', action: 'block', suggestion: masked } as const;
  switch (kind) {
    case 'id':
      return {
        ...base,
        rule: 'privacy:id-number',
        message: `身份证号码须去标识化后发布，请遮盖为「${masked}」。`,
      };
    case 'id-suspect':
      return {
        ...base,
        rule: 'privacy:id-number-suspect',
        action: 'review',
        message: `疑似身份证号码（校验位不符），建议遮盖为「${masked}」；请审核人确认。`,
      };
    case 'card':
      return {
        ...base,
        rule: 'privacy:bank-card',
        message: `银行卡号属于个人信息，请遮盖为「${masked}」后发布。`,
      };
    case 'mobile':
      return {
        ...base,
        rule: 'privacy:mobile',
        message: `个人手机号码须去标识化，请遮盖为「${masked}」；对外联系请用单位办公电话或 12345 热线。`,
      };
  }
}

/** R20: in a declared disclosure personal data is allowed, but a full ID needs the `important` sign-off. */
function disclosureProps(kind: PersonalNumberKind, masked: string, disclosure: Disclosure): FindingProps {
  const props = ordinaryProps(kind, masked);
  const name = DISCLOSURE_NAMES[disclosure];
  if (kind === 'id') {
    return {
      ...props,
      action: 'escalate',
      grade: 'important',
      message: `${name}中出现完整身份证号码，须分管负责人审签；建议部分遮盖为「${masked}」。`,
    };
  }
  if (kind === 'id-suspect') return props;
  const what = kind === 'card' ? '银行卡号' : '个人手机号码';
  return {
    ...props,
    action: 'review',
    message: `${name}中出现${what}，请审核人确认确需公开，否则遮盖为「${masked}」。`,
  };
}

/**
 * R20: lists that are no disclosure whatever the declaration says: subsidies, relief, awards, hiring, named as a
 * 名单, a 公示 or the 结果 of a grant (补贴发放结果公示, 拟录用人员公示).
 */
const NOT_A_DISCLOSURE =
  /(?<!骗取|冒领|套取|违规领取|违规享受|追回|追缴|退回)(?:补贴|补助|救助|低保|表彰|表扬|慰问|奖励|录用|拟录用|拟聘|聘用|资助)[\u4e00-\u9fff]{0,8}?(?:名单|公示|结果)|获奖/gu;
/** Words that make such a list a sanction after all: 低保违规领取人员处理结果公示. */
const SANCTION = /违规|违法|违纪|处罚|处理|惩戒|失信|骗|冒领|追回|追缴|取消|撤销/u;

function mismatchFinding(context: CheckContext, disclosure: Disclosure): Finding | undefined {
  for (const scan of [context.title, context.body]) {
    const found = [...scan.view.text.matchAll(NOT_A_DISCLOSURE)].find((match) => !SANCTION.test(match[0]));
    if (found === undefined) continue;
    const name = DISCLOSURE_NAMES[disclosure];
    return findingAt(scan, found.index, found.index + found[0].length, {
      rule: 'privacy:disclosure-mismatch',
      category: 'privacy',
      action: 'review',
      message: `「${found[0]}」不属于${name}，声明的类别与内容不符，个人信息按一般稿件处理（须去标识化）。`,
    });
  }
  return undefined;
}

/** One rule per kind: only the findings listed per rule are built (a pasted table of IDs). */
const listedPerKind = (detections: PersonalNumber[], build: (detection: PersonalNumber) => Finding) =>
  listedPerRule(detections, (detection) => detection.kind, build);

function scanFindings(scan: FieldScan, disclosure: Disclosure | undefined): Finding[] {
  return listedPerKind(detectPersonalNumbers(scan.view.text), (detection) => {
    const masked = maskedForm(detection);
    const props =
      disclosure === undefined
        ? ordinaryProps(detection.kind, masked)
        : disclosureProps(detection.kind, masked, disclosure);
    return findingAt(scan, detection.start, detection.end, props);
  });
}

/** R19–R21: resident ID numbers, bank cards and personal mobile numbers in the title and body. */
export const checkPersonalData: CheckRule = (context: CheckContext) => {
  const declared = context.draft.disclosure;
  const mismatch = declared === undefined ? undefined : mismatchFinding(context, declared);
  const disclosure = mismatch === undefined ? declared : undefined;
  return [
    ...(mismatch === undefined ? [] : [mismatch]),
    ...scanFindings(context.title, disclosure),
    ...scanFindings(context.body, disclosure),
  ];
};

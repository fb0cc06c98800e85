import type { Disclosure } from '../draft.js';
import type { CheckContext, CheckRule, FieldScan } from './check-context.js';
import { findingAt } from './check-context.js';
import { maskMiddle, numberCandidates, type NumberCandidate } from './digit-groups.js';
import type { Finding } from './finding.js';
import { classifyIdNumber } from './id-number.js';
import { passesLuhn } from './luhn.js';

/*
 * Rule ids (R19–R21):
 * - privacy:id-number          18-digit resident ID, valid check character and birth date
 * - privacy:id-number-suspect  ID-shaped (province code, birth date) but the check character fails → review
 * - privacy:bank-card          16–19 digits passing Luhn, starting like a card (3/4/5/6/9)
 * - privacy:mobile             personal mobile number 1[3-9]xxxxxxxxx
 * Outside a disclosure these block; in a disclosure (惩戒公示, 强制性信息披露) an ID escalates to `important`
 * and the rest ask for review (R20). Masked forms, 12345 and landlines never match the shapes below.
 */

export type PersonalNumberKind = 'id' | 'id-suspect' | 'card' | 'mobile';

export interface PersonalNumber extends NumberCandidate {
  kind: PersonalNumberKind;
}

const sameGroups = (groups: number[], shape: number[]) =>
  groups.length === shape.length && groups.every((length, i) => length === shape[i]);

const ID_GROUPINGS = [[18], [6, 8, 4]];
const MOBILE_GROUPINGS = [[11], [3, 4, 4], [3, 8], [7, 4]];
const CARD_FIRST_DIGITS = '34569';

function idKind(candidate: NumberCandidate): PersonalNumberKind | undefined {
  if (!ID_GROUPINGS.some((shape) => sameGroups(candidate.groups, shape))) return undefined;
  const verdict = classifyIdNumber(candidate.digits);
  return verdict === 'valid' ? 'id' : verdict === 'suspect' ? 'id-suspect' : undefined;
}

/** One unbroken run, or groups of four with a shorter last group (`6228 4800 1234 5678 903`). */
function isCardGrouping(groups: number[]): boolean {
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

/** IDs first, then cards, then mobiles: a number already claimed is not reported again. */
const DETECTORS = [idKind, cardKind, mobileKind];

export function detectPersonalNumbers(text: string): PersonalNumber[] {
  const candidates = numberCandidates(text);
  const found: PersonalNumber[] = [];
  const claimed = (c: NumberCandidate) => found.some((d) => c.start < d.end && d.start < c.end);
  for (const detect of DETECTORS) {
    for (const candidate of candidates) {
      if (claimed(candidate)) continue;
      const kind = detect(candidate);
      if (kind !== undefined) found.push({ ...candidate, kind });
    }
  }
  return found.sort((a, b) => a.start - b.start);
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

function scanFindings(scan: FieldScan, disclosure: Disclosure | undefined): Finding[] {
  return detectPersonalNumbers(scan.view.text).map((detection) => {
    const masked = maskedForm(detection);
    const props =
      disclosure === undefined
        ? ordinaryProps(detection.kind, masked)
        : disclosureProps(detection.kind, masked, disclosure);
    return findingAt(scan, detection.start, detection.end, props);
  });
}

/** R19–R21: resident ID numbers, bank cards and personal mobile numbers in the title and body. */
export const checkPersonalData: CheckRule = (context: CheckContext) => [
  ...scanFindings(context.title, context.draft.disclosure),
  ...scanFindings(context.body, context.draft.disclosure),
];

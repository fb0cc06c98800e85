import type { CheckRule } from '../checks/check-context.js';
import { factOf, gradeRule, type GradeReason, type GradeSpan, type Span } from './grade-finding.js';
import { firstTerm, patternIn, type Sentence } from './sentences.js';

/*
 * R27: policy documents and their interpretation, personnel appointments and removals, budgets and final
 * accounts need at least the deputy head's sign-off (`important`). The seed regulations are themselves policy
 * documents (管理办法, 印发……的通知), so `important` is the right grade for them. A document cited as the basis
 * of something else (根据《……暂行办法》) does not make the draft a policy document.
 */

export const POLICY_LISTS = {
  documents: 'policy-documents',
  personnel: 'policy-personnel',
  budget: 'policy-budget',
} as const;

/** 印发《……》的通知 (the title of a document that issues another). */
const ISSUING_NOTICE = /印发[^。；;！!？?\n，,]{1,60}?的通知/;
/**
 * A document of a government or a ministry (the issuers of policy): 区人民政府关于调整城区集中供热价格的通知,
 * 财政部 税务总局关于……的公告. A bureau's notice (区教育局关于做好……的通知) is routine work and does not count.
 */
const GOVERNMENT_DOCUMENT =
  /(?:人民政府|政府办公室|政府办公厅|国务院|国务院办公厅|[\u4e00-\u9fff]部|总局)\s*关于[^。；;！!？?\n]{2,80}?的(?:通知|公告|通告|决定|意见|批复)/;
/** A named plan or measure issued or adopted: 印发《……实施方案》, 公布《……调整工作方案》, 审议通过了《……办法》. */
const ISSUED_DOCUMENT =
  /(?:印发|出台|公布|发布|审议通过|研究通过)了?《[^》\n]{1,60}?(?:方案|办法|意见|规定|细则|措施|规划|条例|政策)(?:（[^》）\n]{1,10}）)?》/;
/** A public standard or rate changed: 补贴标准由每台15万元提高到20万元, 利率，由此前的1.7%调整为1.5%. */
const STANDARD_CHANGED =
  /(?:标准|价格|比例|额度|利率|税率|费率)[，,]?由[^，,。；;！!？?\n]{1,24}?(?:调整|提高|上调|下调|降低|提升)(?:为|到|至)/;
/** A document number: 崇川政办发〔2023〕73号, 旬政办发[2022]35号. */
const DOCUMENT_NUMBER = /[\u4e00-\u9fff]{1,10}[〔[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\s*\d{1,4}\s*号/;
/** 免去……职务, 任命……为……局长. */
const APPOINTMENT =
  /(?:任命|免去|聘任|免职)[^，,。；;！!？?\n]{0,40}?(?:职务|局长|区长|县长|市长|镇长|乡长|处长|科长|主任|书记|委员|主席|顾问)/;

/** The word each pattern above needs (see patternIn's marks); constants, as the patterns run per sentence. */
const ISSUING_MARKS = ['印发'];
const GOVERNMENT_MARKS = ['关于'];
const ISSUED_MARKS = ['《'];
const STANDARD_MARKS = ['由'];
/** Words every appointment holds (see patternIn's marks). */
const APPOINTMENT_MARKS = ['任命', '免去', '聘任', '免职'];

/** The words that cite a document as a basis, in the clause before it: 根据《……管理办法》规定. */
const CITING = /(?:根据|依据|按照|依照|参照|遵照|遵循|对照|违反|符合|执行|适用|依|按)[^，,。；;：:]*$/;

const CITATION_REACH = 40;

/**
 * Whether the span only mentions a document: a citing word earlier in the same clause (根据《……办法》), or an
 * item of an enumeration (培训内容涵盖农业政策解读、绿色种养技术).
 */
const isMention = (sentence: Sentence, span: Span) => {
  // A bounded look back: a clause longer than this cites nothing, and every check stays linear.
  const at = span.start - sentence.start;
  const before = sentence.folded.slice(Math.max(0, at - CITATION_REACH), at);
  const after = sentence.folded[span.end - sentence.start];
  return CITING.test(before) || before.endsWith('、') || after === '、';
};

/** Whether the document is named by the sentence, not only mentioned (see isMention). */
const isNamed = (sentence: Sentence, span: Span) => !isMention(sentence, span);

/** A span of the pattern (see patternIn for `marks`) unless the clause before it cites it (根据《区人民政府关于……的通知》). */
function unlessCited(sentence: Sentence, pattern: RegExp, marks: readonly string[]): Span | undefined {
  const span = patternIn(sentence, pattern, marks);
  return span === undefined || isMention(sentence, span) ? undefined : span;
}

/** A document number, unless it numbers a penalty decision (岳市监处罚〔2026〕118号 is no policy document). */
function documentNumber(sentence: Sentence): Span | undefined {
  // Every document number ends with 号: without it the pattern (which tries up to ten CJK units at each one)
  // cannot match.
  if (!sentence.folded.includes('号')) return undefined;
  const span = patternIn(sentence, DOCUMENT_NUMBER);
  if (span === undefined) return undefined;
  return /罚/.test(sentence.folded.slice(span.start - sentence.start, span.end - sentence.start))
    ? undefined
    : span;
}

/**
 * The span that starts first; of spans starting together, the earliest argument. Fixed arguments, not a rest
 * list: the reasons call it for every sentence, and each list was an allocation.
 */
const firstOf = (a: Span | undefined, b: Span | undefined, c?: Span): Span | undefined =>
  earlier(earlier(a, b), c);

/** Of two spans, the one that starts first; `a` when they start together. */
const earlier = (a: Span | undefined, b: Span | undefined): Span | undefined =>
  b === undefined || (a !== undefined && a.start <= b.start) ? a : b;

/** The first span of a kind, with its text as the fact that raised the grade. */
const withFact = (sentence: Sentence, label: string, span: Span | undefined): GradeSpan | undefined =>
  span === undefined ? undefined : { ...span, facts: factOf(sentence, label, span) };

const REASONS: GradeReason[] = [
  {
    find: (sentence) =>
      withFact(
        sentence,
        '文件',
        // The document itself when the sentence names it; its issuer or content otherwise.
        firstOf(
          firstTerm(sentence, POLICY_LISTS.documents, isNamed),
          patternIn(sentence, ISSUING_NOTICE, ISSUING_MARKS),
          documentNumber(sentence),
        ) ??
          firstOf(
            unlessCited(sentence, GOVERNMENT_DOCUMENT, GOVERNMENT_MARKS),
            unlessCited(sentence, ISSUED_DOCUMENT, ISSUED_MARKS),
            patternIn(sentence, STANDARD_CHANGED, STANDARD_MARKS),
          ),
      ),
    message: '：政策文件或政策解读，至少须由分管负责人审定签发',
    // The marks of the patterns above (documentNumber needs 号).
    needs: {
      lists: [POLICY_LISTS.documents],
      marks: [...ISSUING_MARKS, '号', ...GOVERNMENT_MARKS, ...ISSUED_MARKS, ...STANDARD_MARKS],
    },
  },
  {
    find: (sentence) =>
      withFact(
        sentence,
        '任免',
        firstOf(
          firstTerm(sentence, POLICY_LISTS.personnel),
          patternIn(sentence, APPOINTMENT, APPOINTMENT_MARKS),
        ),
      ),
    message: '：人事任免信息，至少须由分管负责人审定签发',
    needs: { lists: [POLICY_LISTS.personnel], marks: APPOINTMENT_MARKS },
  },
  {
    find: (sentence) => withFact(sentence, '预算', firstTerm(sentence, POLICY_LISTS.budget)),
    message: '：财政预算、决算信息，至少须由分管负责人审定签发',
    needs: { lists: [POLICY_LISTS.budget] },
  },
];

export const policyRule: CheckRule = gradeRule(
  { id: 'grade:policy', category: 'policy', grade: 'important' },
  REASONS,
);

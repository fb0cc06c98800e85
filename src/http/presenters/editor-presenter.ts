import type { Account } from '../../domain/accounts.js';
import { accountOf, parseTarget } from '../../domain/accounts.js';
import type { CheckReport } from '../../domain/checks/finding.js';
import type { DraftContent } from '../../domain/draft-content.js';
import type { DraftRecord, DraftWithVersion } from '../../domain/draft-record.js';
import type { Person, PersonRef } from '../../domain/people.js';
import type { Publication } from '../../domain/publishing/publication.js';
import { wechatDigestOf } from '../../domain/publishing/article-html.js';
import { weiboTextLength } from '../../domain/publishing/weibo-limits.js';
import { weiboStatusFor } from '../../domain/publishing/weibo-text.js';
import { previewTail } from '../../domain/tail/stamp-tail.js';
import type { ReviewState } from '../../domain/workflow/review-state.js';
import type { TailTemplates } from '../../domain/workflow/workflow-definition.js';
import { beijingLocalTime, WEIBO_PREVIEW_REFUSALS } from '../../messages/editor-texts.js';
import { accountLabel, GRADE_NAMES, PUBLICATION_STATUS_NAMES } from '../../messages/zh-cn.js';
import type { CheckView, DraftFormValues, MyDraftItem, PreviewModel } from '../../pages/editor-model.js';

/** A stored version's content as the writing form shows it. */
export function formValuesOf(content: DraftContent): DraftFormValues {
  return {
    title: content.title,
    body: content.body,
    format: content.format === 'html' ? 'html' : 'markdown',
    kind: content.kind ?? 'original',
    source: content.source ?? '',
    source_url: content.source_url ?? '',
    original_title: content.original_title ?? '',
    author: content.author ?? '',
    digest: content.digest ?? '',
    cover: content.cover ?? '',
    publish_at: content.publish_at ? beijingLocalTime(content.publish_at) : '',
    targets: [...content.targets],
  };
}

export function checkViewOf(
  content: DraftContent,
  report: Pick<CheckReport, 'findings' | 'blocked' | 'grade'>,
): CheckView {
  return {
    title: content.title,
    body: content.body,
    format: content.format ?? 'text',
    findings: report.findings,
    blocked: report.blocked,
    gradeName: GRADE_NAMES[report.grade],
  };
}

/** The organisation's accounts as the form's targets: `wechat:崇川发布` reads 微信公众号 · 崇川发布. */
export function targetChoices(accounts: readonly Account[]): { target: string; label: string }[] {
  // A disabled account (停用) is refused as a target: it is not offered.
  return accounts
    .filter((account) => account.disabledAt === undefined)
    .map((account) => ({
      target: `${account.platform}:${account.name}`,
      label: accountLabel(account.platform, account.name),
    }));
}

/**
 * The preview of content not yet approved: each WeChat target's article with the tail as it will be stamped
 * (names of who signed so far, the rest to come), each Weibo target's status built as the publisher builds it.
 */
export function previewOf(
  content: DraftContent,
  signers: Pick<ReviewState, 'drafter' | 'stages'>,
  templates: TailTemplates,
  accounts: readonly Account[],
): PreviewModel {
  const tail = previewTail(content, signers, templates);
  const named = content.targets
    .map(parseTarget)
    .filter((t) => t !== undefined)
    .map(accountOf);
  const wechat = named.filter((a) => a.platform === 'wechat');
  const article = {
    title: content.title,
    digest: wechatDigestOf(content),
    body: content.body,
    format: content.format ?? 'text',
    tail,
    ...(content.author ? { author: content.author } : {}),
    ...(content.cover ? { cover: content.cover } : {}),
  };
  const shown = wechat.length > 0 ? wechat.map((a) => a.name) : ['（未选择公众号）'];
  return {
    wechat: shown.map((account) => ({ account, ...article })),
    weibo: named
      .filter((a) => a.platform === 'weibo')
      .map(({ name }) => {
        const link = accounts.find((a) => a.platform === 'weibo' && a.name === name)?.link;
        const status = weiboStatusFor({ title: content.title, tail, content }, link, undefined);
        if ('refused' in status) return { account: name, refusal: WEIBO_PREVIEW_REFUSALS[status.refused] };
        return { account: name, text: status.text, length: weiboTextLength(status.text) };
      }),
  };
}

/** Who returned the draft, when and why: the rejected stage's decision, if a decider returned it. */
export function rejectionOf(review: ReviewState): { by: string; at: string; comment: string } | undefined {
  if (review.status !== 'rejected') return undefined;
  const decision = review.stages.find((stage) => stage.decision?.verdict === 'rejected')?.decision;
  return decision ? { by: decision.by.name, at: decision.at, comment: decision.comment ?? '' } : undefined;
}

/** The signers of a new version: its drafter alone (a new version voids every approval). */
export const newVersionSigners = (drafter: PersonRef) => ({ drafter, stages: [] });

export function publicationsOf(publications: readonly Publication[]) {
  return publications.map((p) => ({
    target: p.target,
    statusName: PUBLICATION_STATUS_NAMES[p.status],
    ...(p.url ? { url: p.url } : {}),
  }));
}

/** The draft's author may take it back while no stage has a decision (撤回). */
export function mayWithdraw(found: DraftWithVersion): boolean {
  const { review } = found.record;
  const undecided = review.stages.every((stage) => stage.decision === undefined);
  return (review.status === 'in_review' || review.status === 'blocked') && undecided;
}

/** A new version may follow a draft that came back or was withdrawn. */
export function mayRevise(found: DraftWithVersion): boolean {
  const { status } = found.record.review;
  return status === 'rejected' || status === 'blocked' || status === 'withdrawn';
}

/** My drafts among the organisation's records, each linking to its page under `base`. */
export function myDraftItems(records: readonly DraftRecord[], me: Person, base: string): MyDraftItem[] {
  return records
    .filter((record) => record.review.drafter.id === me.id)
    .map((record) => ({
      title: record.title,
      status: record.review.status,
      gradeName: GRADE_NAMES[record.review.grade],
      updatedAt: record.updatedAt,
      href: `${base}/${record.id}`,
    }));
}

import type { Person } from '../../domain/people.js';
import { previewTail } from '../../domain/tail/stamp-tail.js';
import type { ReviewState } from '../../domain/workflow/review-state.js';
import {
  acknowledgingStageIndex,
  currentStageIndex,
  stageStatuses,
} from '../../domain/workflow/review-state.js';
import type { TailTemplates } from '../../domain/workflow/workflow-definition.js';
import { accountLabel, ROLE_NAMES } from '../../messages/zh-cn.js';
import { accountOf, type Target } from '../../domain/accounts.js';
import type { ReviewPageModel } from '../../pages/review-page-model.js';
import type { DraftWithVersion, StoredVersion } from '../../domain/draft-record.js';

export interface ReviewPageInput {
  found: DraftWithVersion;
  viewer: Person;
  layout: ReviewPageModel['layout'];
  templates: TailTemplates;
  /** Where the decision form posts; absent when the viewer may not decide now. */
  actionUrl?: string;
  /** The leader the viewer decides for (代). */
  actingFor?: string;
  notice?: ReviewPageModel['notice'];
  imageHosts?: readonly string[];
}

/** The review page's view model: the article as it will appear, with the tail that will be stamped. */
export function reviewPageModel(input: ReviewPageInput): ReviewPageModel {
  const { record, version } = input.found;
  const { review } = record;
  const waiting = review.status === 'in_review' ? currentStageIndex(review) : undefined;
  const deciding = input.actionUrl !== undefined && waiting !== undefined ? waiting : undefined;
  const { content } = version;
  return {
    layout: input.layout,
    draft: {
      id: record.id,
      title: content.title,
      version: version.number,
      status: review.status,
      grade: review.grade,
      kind: content.kind ?? 'original',
      ...(content.source ? { source: content.source } : {}),
      ...(content.publish_at ? { publishAt: content.publish_at } : {}),
      ...(content.digest ? { digest: content.digest } : {}),
      ...(content.cover ? { cover: content.cover } : {}),
      ...(content.cover_media_id ? { coverMediaId: content.cover_media_id } : {}),
      ...(content.corrects
        ? {
            corrects: {
              kind: content.corrects.kind,
              title: content.corrects.title,
              url: content.corrects.url,
            },
          }
        : {}),
      targets: content.targets.map(targetName),
      submitted: { by: version.author.name, at: version.at },
    },
    body: content.body,
    format: content.format ?? 'text',
    findings: version.report.findings,
    tailPreview: previewTail(
      content,
      review,
      input.templates,
      deciding === undefined ? undefined : { index: deciding, name: signatureOf(input) },
    ),
    stages: reviewStagesOf(review),
    viewerName: input.viewer.name,
    ...(input.imageHosts ? { imageHosts: input.imageHosts } : {}),
    ...(deciding !== undefined && input.actionUrl
      ? { decision: decisionOf(input.found, deciding, input.actionUrl, input.actingFor) }
      : {}),
    ...(input.notice ? { notice: input.notice } : {}),
  };
}

/** The chain as the pages show it: each stage's label, role, status and decision. */
export function reviewStagesOf(review: ReviewState): ReviewPageModel['stages'] {
  const statuses = stageStatuses(review);
  return review.stages.map((stage, index) => {
    const { decision } = stage;
    return {
      label: stage.label,
      roleName: ROLE_NAMES[stage.role],
      status: statuses[index] ?? 'pending',
      ...(decision ? { decidedBy: decision.by.name, decidedAt: decision.at } : {}),
      ...(decision?.comment ? { comment: decision.comment } : {}),
    };
  });
}

function decisionOf(
  found: DraftWithVersion,
  index: number,
  actionUrl: string,
  actingFor: string | undefined,
): NonNullable<ReviewPageModel['decision']> {
  const { review } = found.record;
  const stage = review.stages[index];
  const reviewing = index === acknowledgingStageIndex(review.stages);
  const pending = reviewing ? review.reviewRules.filter((rule) => !review.acknowledged.includes(rule)) : [];
  const messageOf = (rule: string) =>
    found.version.report.findings.find((finding) => finding.rule === rule)?.message ?? rule;
  return {
    stageLabel: stage?.label ?? '',
    stage: stage?.id ?? '',
    version: found.version.number,
    actionUrl,
    mustAcknowledge: pending.map((rule) => ({ rule, message: messageOf(rule) })),
    ...(actingFor ? { actingFor } : {}),
  };
}

/** How the viewer's name will read in the tail: a stand-in signs as 王五（代）. */
function signatureOf(input: ReviewPageInput): string {
  return input.actingFor ? `${input.viewer.name}（代）` : input.viewer.name;
}

/** `wechat:崇川发布` as people read it: `微信公众号 · 崇川发布`. */
function targetName(target: Target): string {
  const { platform, name } = accountOf(target);
  return accountLabel(platform, name);
}

/** The version the viewer saw last, for the changes since then. */
export function sinceSeenOf(version: StoredVersion): NonNullable<ReviewPageModel['sinceSeen']> {
  const { title, body } = version.content;
  return { version: version.number, title, body };
}

import type { Finding, Grade } from '../domain/checks/finding.js';
import type { DraftFormat } from '../domain/draft.js';
import type { ReviewStatus } from '../domain/workflow/review-state.js';
import type { DeskNav } from './editor-nav.js';
import type { Target } from '../domain/accounts.js';

/** One stage of the sign-off chain as the page shows it. */
export interface ReviewPageStage {
  /** The stage's label from the workflow, e.g. 审核, 复核, 审签. */
  label: string;
  /** Chinese role name (ROLE_NAMES[stage.role]). */
  roleName: string;
  status: 'approved' | 'rejected' | 'waiting' | 'pending';
  /** Who decided (the person who pressed the button). */
  decidedBy?: string;
  /** Set when `decidedBy` decided as stand-in (代) for this person. */
  onBehalfOf?: string;
  /** ISO 8601. */
  decidedAt?: string;
  comment?: string;
}

/** What the viewer may decide now; absent when the viewer can only look. */
export interface ReviewPageDecision {
  stageLabel: string;
  /** Stage id (`review`, `sign`, …), posted back as `stage`. */
  stage: string;
  /** Version number the viewer sees, posted back as `version` (a stale one is refused with 409). */
  version: number;
  /** Where both forms POST (application/x-www-form-urlencoded). Relative or same-origin: see the page's CSP. */
  actionUrl: string;
  /** Review findings the viewer must tick before approving; each ticked rule is posted as `acknowledged`. */
  mustAcknowledge: readonly { rule: string; message: string }[];
  /** Name of the leader the viewer stands in for (代). */
  actingFor?: string;
}

export interface ReviewPageNotice {
  kind: 'info' | 'warning' | 'error';
  message: string;
  link?: { href: string; text: string };
}

/** Everything the mobile and desktop review page shows. The route builds it; the page only renders it. */
export interface ReviewPageModel {
  layout: 'mobile' | 'desktop';
  draft: {
    id: string;
    title: string;
    version: number;
    status: ReviewStatus;
    grade: Grade;
    kind: 'original' | 'repost';
    source?: string;
    /** 定时发布: when it is to be published (ISO 8601). */
    publishAt?: string;
    /** Where it will be published, for people: `微信公众号 崇川发布`. */
    targets: readonly string[];
    /** Who submitted this version, and when (ISO 8601). */
    submitted: { by: string; at: string };
    /** A correction or retraction (更正/撤回): the original it names, with its link. */
    corrects?: { kind: 'correction' | 'retraction'; title: string; url: string };
    /** The WeChat article's digest (摘要) and cover as submitted: deciders approve what will be published. */
    digest?: string;
    cover?: string;
  };
  /** The version's body as submitted (untrusted). */
  body: string;
  format: DraftFormat;
  /** Findings of this version; `start`/`end` index the field as submitted. */
  findings: readonly Finding[];
  /** The tail as it will be stamped, e.g. `拟稿：张三\u3000审核：李四\u3000审签：（待审签）`. */
  tailPreview: string;
  stages: readonly ReviewPageStage[];
  /** Present when the viewer may decide the waiting stage now. */
  decision?: ReviewPageDecision;
  viewerName: string;
  notice?: ReviewPageNotice;
  /** On the desk: its navigation (我的稿件 / 写稿 / 待我审核). */
  nav?: DeskNav;
  /** The gate's mount path (for the page's scripts; a review link has no nav to carry it). */
  base?: string;
  /** Hosts the article's images are shown from (imageHostsWith); the platforms' only when absent. */
  imageHosts?: readonly string[];
  /** The older version the viewer saw last, when the draft changed since: the page shows what changed. */
  sinceSeen?: { version: number; title: string; body: string };
}

/** The screen after a decision, or for a link that is expired, used or for an old version. */
export interface ConfirmationPageModel {
  /** Heading, e.g. 已同意, 已退回, 链接已过期. */
  title: string;
  message: string;
  /** Chooses the icon and colour; undefined for a plain message. */
  verdict: 'approved' | 'rejected' | undefined;
  draftTitle: string;
  /** E.g. the current version of the draft, or the queue. */
  links?: readonly { href: string; text: string }[];
}

/** One draft waiting for the viewer in the desktop queue (待我处理). */
export interface QueueItem {
  title: string;
  grade: Grade;
  gradeName: string;
  stageLabel: string;
  /** Where it will be published (`wechat:崇川发布`). */
  targets: readonly Target[];
  /** ISO 8601: since when the stage waits. */
  waitingSince: string;
  href: string;
}

/** The queue's filters as chosen (absent: all). */
export interface QueueFilters {
  grade?: Grade | undefined;
  stage?: string | undefined;
  /** Only what has waited at least this many hours. */
  waitedHours?: number | undefined;
  /** Only what will be published to this account (`wechat:崇川发布`). */
  account?: Target | undefined;
}

export interface QueuePageModel {
  viewerName: string;
  /** What passes the filters. */
  items: readonly QueueItem[];
  /** How many wait in all, before filtering. */
  total: number;
  filters: QueueFilters;
  /** The stage labels among everything waiting, for the stage filter. */
  stageLabels: readonly string[];
  /** The target accounts among everything waiting, for the account filter, as people read them. */
  accounts: readonly { target: Target; label: string }[];
  /** The desk's navigation (我的稿件 / 写稿 / 待我审核). */
  nav?: DeskNav;
}

import type { Finding, Grade } from '../domain/checks/finding.js';
import type { DraftFormat, DraftKind } from '../domain/draft.js';
import type { ReviewStatus } from '../domain/workflow/review-state.js';
import type { DeskNav } from './editor-nav.js';
import type { ReviewPageStage } from './review-page-model.js';

/** The writing form's fields as the person typed them (strings, so that nothing typed is lost on an error). */
export interface DraftFormValues {
  title: string;
  body: string;
  format: Extract<DraftFormat, 'markdown' | 'html'>;
  kind: DraftKind;
  source: string;
  source_url: string;
  original_title: string;
  author: string;
  /** 摘要; '' for the body's first 54 characters. */
  digest: string;
  /** 封面: a PNG/JPEG data: URI (from the file chooser) or an image URL; '' for the account's default. */
  cover: string;
  /** `YYYY-MM-DDTHH:mm` in Beijing time, as `<input type="datetime-local">` sends it; '' for at once. */
  publish_at: string;
  targets: readonly string[];
}

/** A draft's text as the checker saw it, with its findings: shown marked in place beside the form. */
export interface CheckView {
  title: string;
  body: string;
  format: DraftFormat;
  findings: readonly Finding[];
  blocked: boolean;
  gradeName: string;
}

/** The WeChat article as a phone shows it, and the Weibo statuses as they will be posted. */
export interface PreviewModel {
  wechat: readonly {
    account: string;
    title: string;
    author?: string;
    digest: string;
    /** The draft's own cover (data: URI or URL); absent: the account's default. */
    cover?: string;
    body: string;
    format: DraftFormat;
    tail: string;
  }[];
  weibo: readonly { account: string; text?: string; length?: number; refusal?: string }[];
}

/** The writing page: a new draft (`/d/write`) or a new version of one (`/d/drafts/:id/edit`). */
export interface WritePageModel {
  viewerName: string;
  nav: DeskNav;
  /** Where the form posts (with the session's form token). */
  actionUrl: string;
  /** Where the page's script posts the form for the live check. */
  checkUrl: string;
  /** The script file (absent: the page is served without it). */
  scriptUrl: string;
  values: DraftFormValues;
  /** The organisation's accounts as targets: `wechat:崇川发布` and how it reads. */
  accounts: readonly { target: string; label: string }[];
  revise?: {
    draftTitle: string;
    baseVersion: number;
    /** The last version's text: the changes since it are shown side by side. */
    previous: { title: string; body: string };
    /** Why it came back, when a decider returned it. */
    rejection?: { by: string; at: string; comment: string };
  };
  errors?: readonly string[];
  check?: CheckView;
  preview?: PreviewModel;
  imageHosts?: readonly string[];
}

/** One of my drafts in the list. */
export interface MyDraftItem {
  title: string;
  status: ReviewStatus;
  gradeName: string;
  updatedAt: string;
  href: string;
}

/** My draft's page: where it stands, what to do next, and where it was published. */
export interface MyDraftPageModel {
  viewerName: string;
  nav: DeskNav;
  id: string;
  title: string;
  status: ReviewStatus;
  grade: Grade;
  version: number;
  publishAt?: string;
  stages: readonly ReviewPageStage[];
  check: CheckView;
  /** Set when a decider returned it: who and why. */
  rejection?: { by: string; at: string; comment: string };
  /** Where a new version is written, when the draft may take one. */
  editUrl?: string;
  /** Where 撤回 posts, while nobody has decided yet. */
  withdrawUrl?: string;
  publications: readonly { target: string; statusName: string; url?: string }[];
  notice?: string;
  imageHosts?: readonly string[];
}

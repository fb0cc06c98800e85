/** Public shapes of WechatClient: camelCase, ids as strings, 0/1 flags as booleans. */

export interface WechatAccessToken {
  readonly accessToken: string;
  /** Seconds the token stays valid; for a reused stable token this is the remaining time. */
  readonly expiresInSeconds: number;
}

/** A rich article (`article_type: news`); qianfa does not publish image posts (`newspic`). */
export interface WechatArticle {
  readonly title: string;
  readonly author?: string;
  readonly digest?: string;
  /** HTML; images must be URLs returned by uploadImage (others are filtered out by WeChat). */
  readonly content: string;
  readonly contentSourceUrl?: string;
  /** media_id of a permanent image (addImageMaterial). */
  readonly thumbMediaId: string;
  readonly needOpenComment?: boolean;
  readonly onlyFansCanComment?: boolean;
}

export interface WechatStoredArticle {
  readonly title: string;
  readonly author: string;
  readonly digest: string;
  /** Empty when the listing was asked for without content. */
  readonly content: string;
  readonly contentSourceUrl: string;
  readonly thumbMediaId: string;
  readonly needOpenComment: boolean;
  readonly onlyFansCanComment: boolean;
  /** For a draft a temporary preview link; for a published article its permanent link. */
  readonly url: string;
  readonly isDeleted: boolean;
}

export interface WechatImageMaterial {
  readonly mediaId: string;
  /** Usable only inside Tencent's domains. */
  readonly url: string;
}

export interface WechatSubmitResult {
  /** A string in JSON, a number in the PUBLISHJOBFINISH event; always a string here. */
  readonly publishId: string;
  readonly msgDataId?: string;
}

export interface WechatArticleUrl {
  /** 1-based position of the article in the draft. */
  readonly index: number;
  readonly url: string;
}

/** freepublish/get `publish_status` 0–6 (facts §1.5). Every state except `publishing` is final. */
export type WechatPublishStatus =
  | { readonly state: 'publishing'; readonly publishStatus: 1; readonly publishId: string }
  | {
      readonly state: 'published';
      readonly publishStatus: 0;
      readonly publishId: string;
      readonly articleId: string;
      readonly articleUrls: readonly WechatArticleUrl[];
    }
  | WechatPublishFailure
  | { readonly state: 'deleted_by_user'; readonly publishStatus: 5; readonly publishId: string }
  | { readonly state: 'banned_by_platform'; readonly publishStatus: 6; readonly publishId: string }
  /** A status the facts file does not list: treat as failed and tell an admin. */
  | { readonly state: 'unrecognised'; readonly publishStatus: number; readonly publishId: string };

export interface WechatPublishFailure {
  /** 2 原创校验不通过, 3 常规失败, 4 平台审核不通过. */
  readonly state: 'originality_check_failed' | 'failed' | 'review_rejected';
  readonly publishStatus: 2 | 3 | 4;
  readonly publishId: string;
  /** 1-based positions of the failing articles (set for 2 and 4). */
  readonly failedIndexes: readonly number[];
}

export interface WechatPublishedItem {
  readonly articleId: string;
  /** Unix seconds. */
  readonly updateTime: number;
  readonly articles: readonly WechatStoredArticle[];
}

export interface WechatPublishedPage {
  readonly totalCount: number;
  readonly items: readonly WechatPublishedItem[];
}

export interface WechatPageRequest {
  readonly offset: number;
  /** 1–20. */
  readonly count: number;
  readonly noContent?: boolean;
}

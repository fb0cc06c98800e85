export interface WecomAccessToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/** A textcard: title, description and a link button (facts §3.2). */
export interface WecomTextCard {
  readonly agentid: number;
  /** Member userids; sent `|`-joined, at most 1000. */
  readonly touser: readonly string[];
  /** ≤128 bytes; longer is cut on a character boundary. */
  readonly title: string;
  /** ≤512 bytes; may use `<div class="gray|normal|highlight">`. */
  readonly description: string;
  /** http(s), ≤2048 bytes; refused locally when longer (a cut link would not open). */
  readonly url: string;
  /** ≤4 characters; WeCom shows 详情 without it. */
  readonly btntxt?: string;
}

/** 1..4 are the documented styles; their colours are not in the facts file. */
export type WecomButtonStyle = 1 | 2 | 3 | 4;

export interface WecomCardButton {
  /** Comes back as EventKey in the click callback; ≤1024 bytes. */
  readonly key: string;
  /** ≤10 characters suggested. */
  readonly text: string;
  readonly style: WecomButtonStyle;
}

/** A template_card of type button_interaction: tapping a button calls the app's receive URL back. */
export interface WecomButtonCard {
  readonly agentid: number;
  readonly touser: readonly string[];
  /** main_title.title; ≤36 characters suggested, longer is cut. */
  readonly title: string;
  /** sub_title_text. */
  readonly description: string;
  /** card_action: tapping the card body opens it. */
  readonly url: string;
  /** Unique per app, `[0-9A-Za-z_\-@]`, ≤128 bytes; the click callback carries it as TaskId. */
  readonly taskId: string;
  /** 1 to 6 buttons. */
  readonly buttons: readonly WecomCardButton[];
}

/** Greys out a card's buttons for these members and shows `replaceText` instead (e.g. 已同意). */
export interface WecomCardUpdate {
  readonly agentid: number;
  readonly userids: readonly string[];
  /** From the send response or the click callback; each works once, within 72 h. */
  readonly responseCode: string;
  readonly replaceText: string;
}

export interface WecomSendResult {
  readonly msgid: string;
  /** Recipients WeCom refused (lower-cased by WeCom); the others were sent to. */
  readonly invalidUsers: readonly string[];
  readonly invalidParties: readonly string[];
  readonly invalidTags: readonly string[];
  /** Interactive cards only: lets qianfa update the card for every recipient once. */
  readonly responseCode?: string;
}

export interface WecomUpdateResult {
  readonly invalidUsers: readonly string[];
}

import type { z } from 'zod';
import { fetchText, imageFormData, type FetchedText } from '../platform-http.js';
import type { PublisherError } from '../publisher-error.js';
import { createWeiboError } from './weibo-error-codes.js';
import type { WeiboPost, WeiboShareRequest, WeiboShareResult, WeiboTimelineRequest } from './weibo-types.js';
import {
  statusObject,
  timelineResponse,
  toWeiboPost,
  uidResponse,
  userResponse,
  weiboErrorEnvelope,
} from './weibo-wire.js';

export interface WeiboClientOptions {
  /** Default https://api.weibo.com; tests and proxies point it elsewhere. */
  readonly baseUrl?: string;
  /** Deadline per call including the response body; default 10 s. */
  readonly timeoutMs?: number;
}

/** Weibo reports "published, but delayed" as an error; it is a success (facts §2.3). */
const ACCEPTED_BUT_DELAYED = '20032';

type ErrorDetails = { readonly cause?: unknown; readonly platformMessage?: string };
const toError = (code: string, details: ErrorDetails): PublisherError => createWeiboError(code, details);

/**
 * Posting to Weibo with a user's OAuth token (statuses/share) and reading the account's recent posts to
 * confirm a post went through. Failures are PublisherErrors classified by weibo-error-codes.ts.
 */
export class WeiboClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;

  constructor(options: WeiboClientOptions = {}) {
    this.#baseUrl = (options.baseUrl ?? 'https://api.weibo.com').replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** 2/statuses/share.json: form-encoded, or multipart when a picture is attached. */
  async share(token: string, request: WeiboShareRequest): Promise<WeiboShareResult> {
    const fields = { access_token: token, status: request.status, rip: request.rip };
    const body = request.pic ? imageFormData('pic', request.pic, fields) : new URLSearchParams(fields);
    const url = new URL(`${this.#baseUrl}/2/statuses/share.json`);
    const fetched = await fetchText(url, { method: 'POST', body }, this.#timeoutMs, toError);
    const json = parseOrUndefined(fetched.text);
    const refusal = weiboErrorEnvelope.safeParse(json);
    if (refusal.success && refusal.data.error_code === ACCEPTED_BUT_DELAYED)
      return { state: 'accepted_unconfirmed' };
    return { state: 'posted', post: toWeiboPost(parseSuccess(fetched, json, statusObject)) };
  }

  /**
   * 2/statuses/user_timeline.json: the token owner's latest posts, newest first. Not in the facts file
   * (its share page names no confirmation call); modelled on Weibo's v2 API.
   */
  async recentPosts(token: string, request: WeiboTimelineRequest = {}): Promise<WeiboPost[]> {
    const query = {
      count: String(request.count ?? 20),
      ...(request.page === undefined ? {} : { page: String(request.page) }),
    };
    const listed = await this.#get('/2/statuses/user_timeline.json', token, query, timelineResponse);
    return listed.statuses.map(toWeiboPost);
  }

  /** 粉丝数 of the token's owner: 2/account/get_uid.json for its uid, then 2/users/show.json's followers_count. */
  async followersCount(token: string): Promise<number> {
    const { uid } = await this.#get('/2/account/get_uid.json', token, {}, uidResponse);
    return (await this.#get('/2/users/show.json', token, { uid }, userResponse)).followers_count;
  }

  async #get<Schema extends z.ZodType>(
    path: string,
    token: string,
    query: Record<string, string>,
    schema: Schema,
  ): Promise<z.output<Schema>> {
    const url = new URL(`${this.#baseUrl}${path}`);
    url.searchParams.set('access_token', token);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const fetched = await fetchText(url, { method: 'GET' }, this.#timeoutMs, toError);
    return parseSuccess(fetched, parseOrUndefined(fetched.text), schema);
  }
}

/** The envelope decides, not the HTTP status (facts §2.3): any error_code is a refusal. */
function parseSuccess<Schema extends z.ZodType>(
  fetched: FetchedText,
  json: unknown,
  schema: Schema,
): z.output<Schema> {
  const refusal = weiboErrorEnvelope.safeParse(json);
  if (refusal.success) {
    const { error_code: code, error } = refusal.data;
    throw toError(code, error === undefined ? {} : { platformMessage: error });
  }
  const snippet = { platformMessage: fetched.text.slice(0, 200) };
  if (fetched.status < 200 || fetched.status > 299) throw toError(`http_${fetched.status}`, snippet);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw toError('invalid_response', { ...snippet, cause: parsed.error });
  return parsed.data;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

import { platformOf } from '../../domain/accounts.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { Publication, PublicationFailure, PublishJob } from '../../domain/publishing/publication.js';
import { PUBLISHING_TEXT } from '../../messages/publishing.js';
import type { Result } from '../../domain/result.js';
import type { AccountCredentials, AccountError } from '../account-service.js';
import type { PublishItem } from '../ports/publishing.js';

/** Retry later: something the job depends on is not there yet (the WeChat article a Weibo post links to). */
export class NotYetError extends Error {
  override readonly name = 'NotYetError';
}

/**
 * Everything a publisher needs for `job`, or the failure that makes publishing its target impossible.
 * `credentials` are those of the job's account, `publications` the draft's, as read when the job started.
 */
export function publishItemFor(
  credentials: Result<AccountCredentials, AccountError>,
  found: DraftWithVersion,
  job: PublishJob,
  publications: readonly Publication[],
): PublishItem | PublicationFailure {
  const final = found.record.final;
  if (!final) return { platformCode: 'no_target', explanation: PUBLISHING_TEXT.cannotPublishTo(job.target) };
  if (!credentials.ok) {
    return { platformCode: 'account_not_found', explanation: PUBLISHING_TEXT.accountMissing(job.target) };
  }
  // Disabled after the draft was approved: held as failed, its admins alerted, retried once enabled again.
  if (credentials.value.account.disabledAt !== undefined) {
    return { platformCode: 'account_disabled', explanation: PUBLISHING_TEXT.accountDisabled(job.target) };
  }
  const url = linkedUrl(job, publications);
  return {
    draft: job.draft,
    version: job.version,
    target: job.target,
    account: credentials.value.account,
    secret: credentials.value.secret,
    final,
    content: found.version.content,
    ...(url ? { linkedUrl: url } : {}),
  };
}

/** For a Weibo target: the URL of the same draft's WeChat article, waiting for it while it is on its way. */
function linkedUrl(job: PublishJob, publications: readonly Publication[]): string | undefined {
  if (platformOf(job.target) !== 'weibo') return undefined;
  const wechat = publications.find((p) => p.version === job.version && platformOf(p.target) === 'wechat');
  if (!wechat || wechat.status === 'failed' || wechat.status === 'cancelled') return undefined;
  if (wechat.status !== 'published')
    throw new NotYetError(PUBLISHING_TEXT.weiboWaitsForWechat(wechat.target));
  return wechat.url;
}

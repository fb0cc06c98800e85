import type { Account } from '../../domain/accounts.js';
import type { Target } from '../../domain/draft-content.js';
import type { MonitoredPost } from '../../domain/monitor/monitored-post.js';
import type { DraftStore } from '../ports/drafts.js';
import type { PublicationStore } from '../ports/publishing.js';

/** Drafts read per organisation at most when collecting what qianfa published. */
const DRAFT_LIMIT = 5_000;

export interface OwnPublicationsDeps {
  drafts: Pick<DraftStore, 'list' | 'version'>;
  publications: Pick<PublicationStore, 'get'>;
}

/**
 * What qianfa itself published on each account of an organisation, keyed by target (`wechat:崇川发布`), with the
 * kind the drafter recorded (original or repost) and the platform's id, so the platform's list can be matched.
 */
export async function ownPublications(
  deps: OwnPublicationsDeps,
  org: string,
): Promise<Map<string, MonitoredPost[]>> {
  const byTarget = new Map<string, MonitoredPost[]>();
  const drafts = await deps.drafts.list(org, { statuses: ['approved', 'published'], limit: DRAFT_LIMIT });
  for (const draft of drafts) {
    for (const publication of await deps.publications.get(draft.id)) {
      if (publication.status !== 'published') continue;
      const version = await deps.drafts.version(draft.id, publication.version);
      const platformId = publication.ids?.['article_id'] ?? publication.ids?.['post_id'];
      const post: MonitoredPost = {
        at: publication.updatedAt,
        kind: version?.content.kind ?? 'unknown',
        via: 'qianfa',
        title: draft.title,
        ...(platformId === undefined ? {} : { platformId }),
      };
      byTarget.set(publication.target, [...(byTarget.get(publication.target) ?? []), post]);
    }
  }
  return byTarget;
}

export function targetOf(account: Pick<Account, 'platform' | 'name'>): Target {
  return `${account.platform}:${account.name}`;
}

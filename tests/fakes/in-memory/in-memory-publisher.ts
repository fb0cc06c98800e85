import type { Platform } from '../../../src/domain/accounts.js';
import type { PublicationProgress } from '../../../src/domain/publishing/publication.js';
import { PublisherError } from '../../../src/adapters/platforms/publisher-error.js';
import type { PublishItem, PublishOutcome, Publisher } from '../../../src/services/ports/publishing.js';

/** A post the fake platform holds: what went out, once per call that took effect. */
export interface PlatformPost {
  id: string;
  /** draft/version/target: how a resumed publisher finds its own post. */
  key: string;
  title: string;
  body: string;
  linkedUrl?: string;
}

/** The next call: fails before taking effect, or takes effect and loses its answer (outcome unknown). */
export type PublisherFault = 'transient' | 'permanent' | 'answer_lost';

/**
 * A Publisher on a platform in memory that keeps the Publisher contract: it saves its intent before the one
 * call that must not be repeated, and a resumed attempt asks the platform (its posts) before posting again.
 */
export class InMemoryPublisher implements Publisher {
  readonly posts: PlatformPost[] = [];
  readonly #faults: PublisherFault[] = [];

  constructor(readonly platform: Platform) {}

  /** The next `times` calls fail this way. */
  failNext(fault: PublisherFault, times = 1): void {
    for (let n = 0; n < times; n++) this.#faults.push(fault);
  }

  async publish(
    item: PublishItem,
    progress: PublicationProgress,
    save: (progress: PublicationProgress) => Promise<void>,
  ): Promise<PublishOutcome> {
    const key = `${item.draft}/${item.version}/${item.target}`;
    const earlier = progress['posting'] === key ? this.posts.find((post) => post.key === key) : undefined;
    if (earlier) return outcomeOf(earlier);
    const fault = this.#faults.shift();
    if (fault === 'transient' || fault === 'permanent') throw this.#error(fault);
    await save({ ...progress, posting: key });
    const post: PlatformPost = {
      id: `${this.platform}-${this.posts.length + 1}`,
      key,
      title: item.final.title,
      body: `${item.final.body}`,
      ...(item.linkedUrl ? { linkedUrl: item.linkedUrl } : {}),
    };
    this.posts.push(post);
    if (fault === 'answer_lost') throw this.#error('transient');
    return outcomeOf(post);
  }

  #error(kind: 'transient' | 'permanent'): PublisherError {
    return kind === 'transient'
      ? new PublisherError({ platform: this.platform, platformCode: '-1', kind, explanation: '平台繁忙' })
      : new PublisherError({
          platform: this.platform,
          platformCode: '53503',
          kind,
          explanation: '内容被平台拒绝',
        });
  }
}

function outcomeOf(post: PlatformPost): PublishOutcome {
  return { ids: { post_id: post.id }, url: `https://platform.invalid/${post.id}` };
}

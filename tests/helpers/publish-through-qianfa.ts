import { expect } from 'vitest';
import { untilPublishingIdle } from './queues-idle.js';
import { as, type Auth, type ReviewApp } from './review-app.js';
import { until } from './until.js';

/** Submits a general-grade draft, has it approved (审核, 审签) and waits until its first target is published. */
export async function publishThroughQianfa(
  t: ReviewApp,
  people: { drafter: Auth; reviewer: Auth; editor: Auth },
  draft: object,
): Promise<string> {
  const submitted = await as(t.app, people.drafter).post('/api/drafts', draft);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const id = (submitted.body as { id: string }).id;
  for (const decider of [people.reviewer, people.editor])
    expect((await as(t.app, decider).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
  await until(`draft ${id} to be published`, async () => {
    const read = (await as(t.app, people.editor).get(`/api/drafts/${id}`)).body as {
      publications: { status: string }[];
    };
    return read.publications[0]?.status === 'published';
  });
  await untilPublishingIdle(t);
  return id;
}

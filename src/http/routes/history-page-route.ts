import type { Response } from 'express';
import type { DeskNav } from '../../pages/editor-nav.js';
import type { Person } from '../../domain/people.js';
import { renderHistoryPage } from '../../pages/history-page.js';
import type { ReviewService } from '../../services/review-service.js';
import { historyItem, historyPageOf } from '../presenters/history-presenter.js';

/** Decisions on one page of 已处理. */
export const HISTORY_PAGE_SIZE = 20;

/** GET /d/history for a logged-in person: their decisions, newest first, one page read from their index. */
export async function sendHistoryPage(
  review: ReviewService,
  person: Person,
  nav: DeskNav,
  res: Response,
): Promise<void> {
  const { req } = res;
  const page = historyPageOf(req.query);
  const offset = (page - 1) * HISTORY_PAGE_SIZE;
  // One more than shown tells whether there is a next page.
  const decided = await review.decided(person, { offset, count: HISTORY_PAGE_SIZE + 1 });
  const at = (n: number) => `${req.baseUrl}/d/history?page=${n}`;
  const items = decided
    .slice(0, HISTORY_PAGE_SIZE)
    .map((item) => historyItem(item, (id) => `${req.baseUrl}/d/review/${id}`));
  const model = {
    viewerName: person.name,
    items,
    page,
    nav,
    ...(page > 1 ? { previousHref: at(page - 1) } : {}),
    ...(decided.length > HISTORY_PAGE_SIZE ? { nextHref: at(page + 1) } : {}),
  };
  res.type('html').send(renderHistoryPage(model));
}

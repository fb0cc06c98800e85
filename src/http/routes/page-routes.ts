import express, { Router, type Request, type Response } from 'express';
import type { DomainError } from '../../domain/domain-error.js';
import type { Person } from '../../domain/people.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import { waitingStage } from '../../domain/workflow/review-state.js';
import type { TailTemplates } from '../../domain/workflow/workflow-definition.js';
import { messageFor, ROLE_NAMES } from '../../messages/zh-cn.js';
import { renderConfirmationPage, renderQueuePage, renderReviewPage } from '../../pages/review-page.js';
import type { DraftRecord, DraftWithVersion, StoredVersion } from '../../domain/draft-record.js';
import type { SeenVersions } from '../../services/seen-versions-service.js';
import type { LinkDecision, LinkOpening, ReviewLinks } from '../../services/review-link-service.js';
import type { ReviewService } from '../../services/review-service.js';
import { ERROR_REGISTRY } from '../../errors/error-registry.js';
import { parseDecisionForm } from '../decision-form.js';
import { reviewPageModel, sinceSeenOf } from '../presenters/review-page-presenter.js';
import { AUTH_TEXT } from '../../messages/auth.js';
import { addressThrottle, type AddressThrottle } from '../address-throttle.js';
import { queueFiltersOf, queuePageModel } from '../presenters/queue-presenter.js';
import type { DeskSessions } from './desk-sessions.js';
import { sendHistoryPage } from './history-page-route.js';
import { deskNavOf } from './desk-nav.js';
import { LOGIN_TEXT } from '../../messages/login-texts.js';

export interface PageDeps {
  links: ReviewLinks;
  review: ReviewService;
  sessions: DeskSessions;
  templatesFor: (org: string) => Promise<TailTemplates>;
  /** Invalid links count as failed authentications of the address; too many, and it is refused for a while. */
  throttle?: AddressThrottle;
  /** Hosts draft images are shown from: the platforms' and QIANFA_IMAGE_HOSTS (imageHostsWith). */
  imageHosts?: readonly string[];
  /** The services' clock; the system's when absent. */
  now?: Clock;
  /** Remembers the version each person last saw; absent: no "changes since you last saw it". */
  seenVersions?: SeenVersions;
}

const forms = express.urlencoded({ extended: false, limit: '64kb' });

/**
 * The people-facing pages: `/m/review/:token` (a signed link, phone first) and `/d/…` (the desk: a queue and
 * the same page, wider, after logging in by a link). Plain forms, no client JavaScript. Every path they link
 * to starts with `req.baseUrl`, so they work when qianfa is mounted in another application (createGate).
 */
export function pageRoutes(deps: PageDeps): Router {
  const router = Router();
  const throttle = deps.throttle ?? addressThrottle(undefined);
  const refuseThrottled: express.RequestHandler = async (req, res, next) => {
    const waitSeconds = await throttle.refusedFor(req);
    if (waitSeconds === undefined) return next();
    res.set('Retry-After', String(waitSeconds));
    sendNotice(res, 429, '尝试次数过多', AUTH_TEXT.tooManyFailures(waitSeconds));
  };
  router.use(['/m/review/:token', '/d/login/:token'], refuseThrottled);

  router.get('/m/review/:token', async (req, res) => {
    const opening = await deps.links.open(tokenOf(req));
    if (opening.kind === 'invalid') await throttle.failed(req);
    await sendOpening(res, deps, opening, `${req.baseUrl}/m/review/${tokenOf(req)}`);
  });

  router.post('/m/review/:token', forms, async (req, res) => {
    const form = parseDecisionForm(req.body);
    if (!form.ok) return sendMalformedForm(res, form.details);
    const outcome = await deps.links.decide(tokenOf(req), form.value);
    if (outcome.kind === 'decided') return sendDecided(res, outcome.found, outcome.decision);
    if (outcome.kind === 'refused') {
      const { found, person } = outcome.opening;
      const decide = {
        actionUrl: `${req.baseUrl}/m/review/${tokenOf(req)}`,
        ...(outcome.opening.actingFor ? { actingFor: outcome.opening.actingFor.name } : {}),
      };
      return sendRefused(res, deps, found, person, outcome.error, 'mobile', decide);
    }
    if (outcome.kind === 'invalid') await throttle.failed(req);
    await sendOpening(res, deps, outcome, '');
  });

  router.get('/d/login/:token', async (req, res) => {
    if (!(await deps.sessions.loginByLink(req, res, tokenOf(req)))) {
      await throttle.failed(req);
      return sendNotice(res, 401, '登录链接无效或已过期', LOGIN_TEXT.linkUsed, loginLink(req));
    }
    res.redirect(303, `${req.baseUrl}/d/queue`);
  });

  router.get('/d/queue', async (req, res) => {
    const person = await deps.sessions.personOf(req);
    if (!person)
      return sendNotice(res, 401, '请先登录', '请用密码或登录链接登录后再打开本页。', loginLink(req));
    const drafts = await deps.review.list(person, { awaitingMe: true, limit: 200 });
    const model = queuePageModel(await withTargets(deps.review, person, drafts), {
      filters: queueFiltersOf(req.query),
      now: (deps.now ?? systemClock)(),
      href: (id) => `${req.baseUrl}/d/review/${id}`,
      viewerName: person.name,
    });
    const nav = deskNavOf(deps.sessions, req, person, 'queue');
    res.type('html').send(renderQueuePage({ ...model, nav }));
  });

  router.get('/d/history', async (req, res) => {
    const person = await deps.sessions.personOf(req);
    if (!person)
      return sendNotice(res, 401, '请先登录', '请用密码或登录链接登录后再打开本页。', loginLink(req));
    await sendHistoryPage(deps.review, person, deskNavOf(deps.sessions, req, person, 'history'), res);
  });

  router.get('/d/review/:id', async (req, res) => {
    const person = await deps.sessions.personOf(req);
    if (!person)
      return sendNotice(res, 401, '请先登录', '请用密码或登录链接登录后再打开本页。', loginLink(req));
    const found = await deps.review.get(person, idOf(req));
    if (!found.ok) return sendNotice(res, 404, '找不到稿件', messageFor(found.error));
    const action = `${req.baseUrl}/d/review/${found.value.record.id}?csrf=${encodeURIComponent(deps.sessions.csrfOf(req))}`;
    const decide = await decisionFor(deps, person, found.value, action);
    const seen = await deps.seenVersions?.open(person, found.value);
    await sendReview(res, deps, found.value, person, 'desktop', decide, undefined, 200, seen);
  });

  router.post('/d/review/:id', forms, async (req, res) => {
    const person = await deps.sessions.personOf(
      req,
      typeof req.query.csrf === 'string' ? req.query.csrf : '',
    );
    if (!person) return sendNotice(res, 403, '请重新登录', '会话已过期或表单已失效，请刷新后重试。');
    const form = parseDecisionForm(req.body);
    if (!form.ok) return sendMalformedForm(res, form.details);
    const input = form.value;
    const base = { version: input.version, stage: input.stage };
    const result =
      input.decision === 'approve'
        ? await deps.review.approve(person, idOf(req), { ...base, acknowledged: input.acknowledged ?? [] })
        : await deps.review.reject(person, idOf(req), { ...base, comment: input.comment ?? '' });
    if (result.ok) return sendDecided(res, result.value, input.decision, `${req.baseUrl}/d/queue`);
    const found = await deps.review.get(person, idOf(req));
    if (!found.ok) return sendNotice(res, 404, '找不到稿件', messageFor(found.error));
    const action = `${req.baseUrl}/d/review/${idOf(req)}?csrf=${encodeURIComponent(deps.sessions.csrfOf(req))}`;
    await sendRefused(
      res,
      deps,
      found.value,
      person,
      result.error,
      'desktop',
      await decisionFor(deps, person, found.value, action),
    );
  });

  return router;
}

/** Records stored before they carried their targets get them from their current version (only those listed). */
async function withTargets(
  review: ReviewService,
  person: Person,
  drafts: DraftRecord[],
): Promise<DraftRecord[]> {
  return Promise.all(
    drafts.map(async (record) => {
      if (record.targets) return record;
      const found = await review.get(person, record.id);
      return found.ok ? { ...record, targets: found.value.version.content.targets } : record;
    }),
  );
}

async function sendOpening(
  res: Response,
  deps: PageDeps,
  opening: LinkOpening,
  actionUrl: string,
): Promise<void> {
  switch (opening.kind) {
    case 'open': {
      const decide = opening.canDecide
        ? { actionUrl, ...(opening.actingFor ? { actingFor: opening.actingFor.name } : {}) }
        : undefined;
      return sendReview(res, deps, opening.found, opening.person, 'mobile', decide);
    }
    case 'invalid':
      return sendNotice(res, 404, '链接无效', '这个审签链接不完整或已被改动。请从最新的通知中重新打开。');
    case 'expired':
      return sendNotice(
        res,
        410,
        '链接已过期',
        '审签链接有效期已过。稿件若仍待您处理，系统会发送新的提醒；也可联系拟稿人重新发送。',
      );
    case 'revoked':
      return sendNotice(res, 410, '链接已失效', LOGIN_TEXT.reviewLinkRevoked);
    case 'used':
      return sendNotice(
        res,
        410,
        '链接已使用',
        `您已通过此链接处理过稿件“${opening.found.record.title}”，同一链接不能再次使用。`,
      );
    case 'stale': {
      const link = opening.currentUrl ? { href: opening.currentUrl, text: '查看并处理最新版本' } : undefined;
      const message = `稿件“${opening.found.record.title}”已修改为第 ${opening.found.version.number} 版，此链接对应的旧版本不能再审签。`;
      res
        .status(409)
        .type('html')
        .send(
          renderConfirmationPage({
            title: '稿件已修改',
            message,
            verdict: undefined,
            draftTitle: opening.found.record.title,
            ...(link ? { links: [link] } : {}),
          }),
        );
    }
  }
}

async function sendReview(
  res: Response,
  deps: PageDeps,
  found: DraftWithVersion,
  viewer: Person,
  layout: 'mobile' | 'desktop',
  decide?: { actionUrl: string; actingFor?: string },
  notice?: { kind: 'error'; message: string },
  status = 200,
  sinceSeen?: StoredVersion,
): Promise<void> {
  const model = reviewPageModel({
    found,
    viewer,
    layout,
    templates: await deps.templatesFor(found.record.review.org),
    ...(deps.imageHosts ? { imageHosts: deps.imageHosts } : {}),
    ...decide,
    ...(notice ? { notice } : {}),
  });
  // The desk's pages carry its navigation; a review link (mobile) is one page on its own.
  const nav = layout === 'desktop' ? { nav: deskNavOf(deps.sessions, res.req, viewer) } : {};
  const seen = sinceSeen ? { sinceSeen: sinceSeenOf(sinceSeen) } : {};
  res
    .status(status)
    .type('html')
    .send(renderReviewPage({ ...model, ...nav, ...seen, base: res.req.baseUrl }));
}

async function sendRefused(
  res: Response,
  deps: PageDeps,
  found: DraftWithVersion,
  viewer: Person,
  error: DomainError,
  layout: 'mobile' | 'desktop',
  decide: { actionUrl: string; actingFor?: string } | undefined,
): Promise<void> {
  const notice = { kind: 'error' as const, message: messageFor(error) };
  await sendReview(res, deps, found, viewer, layout, decide, notice, ERROR_REGISTRY[error.code].status);
}

/** The decision form's target when the viewer may decide the waiting stage now (and for whom, 代). */
async function decisionFor(
  deps: PageDeps,
  viewer: Person,
  found: DraftWithVersion,
  actionUrl: string,
): Promise<{ actionUrl: string; actingFor?: string } | undefined> {
  const role = await deps.review.mayDecide(viewer, found);
  if (!role) return undefined;
  return { actionUrl, ...(role.onBehalfOf ? { actingFor: role.onBehalfOf.name } : {}) };
}

function sendDecided(
  res: Response,
  found: DraftWithVersion,
  decision: LinkDecision['decision'],
  back?: string,
): void {
  const title = found.record.title;
  const next = waitingStage(found.record.review);
  const message =
    decision === 'approve'
      ? next === undefined
        ? '全部环节已同意，稿件将加盖尾注后发布。'
        : `已同意，稿件已转入下一环节「${next.label}」，待${ROLE_NAMES[next.role]}处理。`
      : `已退回，拟稿人 ${found.record.review.drafter.name} 将收到您的意见。`;
  const links = back ? [{ href: back, text: '返回待办' }] : [];
  res.type('html').send(
    renderConfirmationPage({
      title: decision === 'approve' ? '已同意' : '已退回',
      message,
      verdict: decision === 'approve' ? 'approved' : 'rejected',
      draftTitle: title,
      links,
    }),
  );
}

/** A form the page never sends (an unknown decision, a version that is no integer): nothing is decided. */
function sendMalformedForm(res: Response, details: readonly string[]): void {
  sendNotice(
    res,
    400,
    '审签表单有误',
    `表单内容无法识别，未作任何处理：${details.join('；')}。请刷新页面后重新操作。`,
  );
}

function sendNotice(
  res: Response,
  status: number,
  title: string,
  message: string,
  link?: { href: string; text: string },
): void {
  const links = link ? { links: [link] } : {};
  res
    .status(status)
    .type('html')
    .send(renderConfirmationPage({ title, message, verdict: undefined, draftTitle: '', ...links }));
}

const loginLink = (req: Request) => ({ href: `${req.baseUrl}/d/login`, text: '去登录' });

const tokenOf = (req: Request): string => String(req.params.token ?? '');
const idOf = (req: Request): string => String(req.params.id ?? '');

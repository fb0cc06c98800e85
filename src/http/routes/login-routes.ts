import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { LOGIN_TEXT } from '../../messages/login-texts.js';
import { renderLoginPage, renderSessionsPage, type LoginPageModel } from '../../pages/login-pages.js';
import type { LoginService } from '../../services/login-service.js';
import type { WecomLogin, WecomLoginOutcome } from '../../services/wecom-login-service.js';
import { renderConfirmationPage } from '../../pages/review-page.js';
import type { AddressThrottle } from '../address-throttle.js';
import { cookieOf, type DeskSessions } from './desk-sessions.js';

export interface LoginRouteDeps {
  sessions: DeskSessions;
  login: LoginService;
  throttle: AddressThrottle;
  /** Present when WeCom single sign-on is configured. */
  wecom?: { login: WecomLogin; publicUrl: () => string } | undefined;
}

const WECOM_START = '/d/wecom/login';
const WECOM_STATE_COOKIE = 'qianfa_wecom_state';

const FORM_COOKIE = 'qianfa_login_form';
const forms = express.urlencoded({ extended: false, limit: '8kb' });

/**
 * The desk's password login (`/d/login`), logout (`/d/logout`) and session list (`/d/sessions`). The login form
 * carries a token also set in a SameSite=Strict cookie (another site can neither read nor send it), and a
 * cross-origin `Origin` is refused; the other forms carry the session's form token, as the review page's do.
 */
export function loginRoutes(deps: LoginRouteDeps): Router {
  const router = Router();

  router.get('/d/login', (req, res) => {
    const notice = req.query.out === '1' ? { notice: LOGIN_TEXT.loggedOut } : {};
    sendLoginForm(req, res, deps, 200, notice);
  });

  router.post('/d/login', forms, async (req, res) => {
    const form = loginForm(req.body);
    if (!sameOrigin(req) || !formTokenMatches(req, form.formToken)) {
      return sendLoginForm(req, res, deps, 403, { error: LOGIN_TEXT.formExpired });
    }
    const addressWait = await deps.throttle.refusedFor(req);
    if (addressWait !== undefined) return sendLocked(req, res, deps, addressWait, form);
    const outcome = await deps.login.login(form);
    if (outcome.kind === 'locked') return sendLocked(req, res, deps, outcome.retryAfterSeconds, form);
    if (outcome.kind === 'refused') {
      await deps.throttle.failed(req);
      return sendLoginForm(req, res, deps, 401, { error: LOGIN_TEXT.failed, org: form.org, name: form.name });
    }
    await deps.sessions.openFor(req, res, outcome.person, 'password');
    res.redirect(303, `${req.baseUrl}/d/queue`);
  });

  router.post('/d/logout', forms, async (req, res) => {
    const person = await deps.sessions.personOf(req, csrfIn(req));
    if (person) await deps.sessions.logout(req, res);
    res.redirect(303, `${req.baseUrl}/d/login${person ? '?out=1' : ''}`);
  });

  router.get('/d/sessions', async (req, res) => {
    const person = await deps.sessions.personOf(req);
    if (!person) return res.redirect(303, `${req.baseUrl}/d/login`);
    const csrf = encodeURIComponent(deps.sessions.csrfOf(req));
    const page = renderSessionsPage({
      viewerName: person.name,
      sessions: await deps.sessions.list(req, person),
      endAction: (id) => `${req.baseUrl}/d/sessions/${encodeURIComponent(id)}/end?csrf=${csrf}`,
      logoutAction: `${req.baseUrl}/d/logout?csrf=${csrf}`,
      backHref: `${req.baseUrl}/d/queue`,
      base: req.baseUrl,
    });
    res.type('html').send(page);
  });

  router.post('/d/sessions/:id/end', forms, async (req, res) => {
    const person = await deps.sessions.personOf(req, csrfIn(req));
    if (!person) return res.redirect(303, `${req.baseUrl}/d/login`);
    const id = String(req.params.id);
    await deps.login.revokeSession(person, person, id);
    res.redirect(303, `${req.baseUrl}/d/sessions`);
  });

  if (deps.wecom) wecomRoutes(router, deps.sessions, deps.wecom);
  return router;
}

/**
 * `/d/wecom/login` sends the browser to WeCom with a fresh state, also set in a cookie of this browser;
 * `/d/wecom/callback` accepts the code only with that same state, once, and opens a session for the person whose
 * WeCom userid (their WeCom notification address) WeCom vouched for.
 */
function wecomRoutes(
  router: Router,
  sessions: DeskSessions,
  wecom: NonNullable<LoginRouteDeps['wecom']>,
): void {
  const stateCookie = (req: Request) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    path: `${req.baseUrl}/d/wecom`,
    secure: req.secure,
  });
  router.get(WECOM_START, (req, res) => {
    const insideWecom = /wxwork/i.test(req.get('user-agent') ?? '');
    const started = wecom.login.start(`${wecom.publicUrl()}/d/wecom/callback`, insideWecom);
    res.cookie(WECOM_STATE_COOKIE, started.state, { ...stateCookie(req), maxAge: 10 * 60_000 });
    res.redirect(302, started.url);
  });
  router.get('/d/wecom/callback', async (req, res) => {
    const query = (name: string) => (typeof req.query[name] === 'string' ? req.query[name] : '');
    const browserState = cookieOf(req, WECOM_STATE_COOKIE);
    const outcome = await wecom.login.finish({ code: query('code'), state: query('state'), browserState });
    res.clearCookie(WECOM_STATE_COOKIE, stateCookie(req));
    if (outcome.kind !== 'ok') return sendWecomRefusal(req, res, outcome);
    await sessions.openFor(req, res, outcome.person, 'wecom');
    res.redirect(303, `${req.baseUrl}/d/queue`);
  });
}

function sendWecomRefusal(req: Request, res: Response, outcome: Exclude<WecomLoginOutcome, { kind: 'ok' }>) {
  const [status, message] =
    outcome.kind === 'unknown'
      ? [403, LOGIN_TEXT.wecomUnknown]
      : outcome.kind === 'failed'
        ? [502, LOGIN_TEXT.wecomFailed]
        : [403, LOGIN_TEXT.wecomFailed];
  const links = [{ href: `${req.baseUrl}/d/login`, text: '返回登录' }];
  const page = { title: '企业微信登录未完成', message, verdict: undefined, draftTitle: '', links };
  res.status(status).type('html').send(renderConfirmationPage(page));
}

function sendLoginForm(
  req: Request,
  res: Response,
  deps: LoginRouteDeps,
  status: number,
  extra: Partial<LoginPageModel>,
): void {
  const formToken = randomBytes(18).toString('base64url');
  res.cookie(FORM_COOKIE, formToken, {
    httpOnly: true,
    sameSite: 'strict',
    path: `${req.baseUrl}/d/login`,
    secure: req.secure,
  });
  const wecom = deps.wecom === undefined ? {} : { wecomUrl: `${req.baseUrl}${WECOM_START}` };
  const model = { action: `${req.baseUrl}/d/login`, base: req.baseUrl, formToken, ...wecom, ...extra };
  res.status(status).type('html').send(renderLoginPage(model));
}

function sendLocked(
  req: Request,
  res: Response,
  deps: LoginRouteDeps,
  seconds: number,
  form: { org: string; name: string },
): void {
  res.set('Retry-After', String(seconds));
  const error = LOGIN_TEXT.locked(Math.max(1, Math.ceil(seconds / 60)));
  sendLoginForm(req, res, deps, 429, { error, org: form.org, name: form.name });
}

function loginForm(body: unknown) {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '');
  return {
    org: text('org').trim(),
    name: text('name').trim(),
    password: text('password'),
    formToken: text('form_token'),
  };
}

function formTokenMatches(req: Request, token: string): boolean {
  const expected = Buffer.from(cookieOf(req, FORM_COOKIE) ?? '');
  const given = Buffer.from(token);
  return expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Browsers send `Origin` with form posts; one naming another site is refused. Our pages ask for no referrer, so
 * Chromium sends `Origin: null` from them: then the form token (a SameSite=Strict cookie) decides alone.
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (origin === undefined || origin === 'null') return true;
  return URL.canParse(origin) && new URL(origin).host === req.get('host');
}

/** The session's form token, which the desk's forms carry in their action's query. */
export const csrfIn = (req: Request): string => (typeof req.query.csrf === 'string' ? req.query.csrf : '');

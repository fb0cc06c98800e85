import type { DeskLogins } from '../services/desk-session-service.js';
import { deskSessionsOn } from './routes/desk-sessions.js';
import express, {
  type Express,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { gatewayRoutes, type GatewayDeps } from '../gateway/gateway-routes.js';
import { gatewayStorageFailures } from '../gateway/gateway-storage-failures.js';
import type { AccountService } from '../services/account-service.js';
import type { CheckSettingsService } from '../services/check-settings-service.js';
import type { FalsePositiveService } from '../services/false-positive-service.js';
import type { LiveCheckService } from '../services/live-check-service.js';
import { auditRecorder } from '../services/audit-service.js';
import type { PeopleService } from '../services/people-service.js';
import type { Person } from '../domain/people.js';
import type { DelegationService } from '../services/delegation-service.js';
import type { GatewayCredentialService } from '../services/gateway-credential-service.js';
import type { DraftChecker } from '../services/draft-checker.js';
import type { DraftWithVersion } from '../domain/draft-record.js';
import type { AdminAlerts } from '../services/ports/alerts.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { ChannelStore } from '../services/ports/notifications.js';
import type { PublishService } from '../services/publish-service.js';
import type { ReviewService } from '../services/review-service.js';
import { addressThrottle } from './address-throttle.js';
import { jsonBodies } from './json-body.js';
import { mountPattern, requestLog } from './request-log.js';
import { metricsRoute } from './routes/metrics-routes.js';
import { NO_METRICS, type Metrics, type MetricsExposition } from '../services/ports/metrics.js';
import { authenticate, cachedPersonByToken, callerOf } from './auth.js';
import type { FailureLimiter } from '../services/ports/rate-limits.js';
import { stderrLogger } from '../adapters/logging/pino-logger.js';
import type { ErrorLogger, Logger } from '../services/ports/logger.js';
import { errorHandler, notFoundHandler } from './error-mapping.js';
import { confirmWritesBeforeAnswering } from './confirm-writes.js';
import { accountRoutes } from './routes/account-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { alertRoutes } from './routes/alert-routes.js';
import { draftCorrectionRoutes } from './routes/correction-routes.js';
import type { CorrectionService } from '../services/correction-service.js';
import { monitorRoutes } from './routes/monitor-routes.js';
import { patrolRoutes } from './routes/patrol-routes.js';
import type { PatrolService } from '../services/monitor/patrol-service.js';
import type { CadenceMonitor } from '../services/monitor/cadence-monitor.js';
import type { ReportsEdge } from '../services/monitor/report-service.js';
import { monitorPageRoutes } from './routes/monitor-page-routes.js';
import { registerRoutes, type RegisterExport } from './routes/register-routes.js';
import type { RegisterService } from '../services/monitor/register-service.js';
import { meRoutes } from './routes/me-routes.js';
import { pageRoutes, type PageDeps } from './routes/page-routes.js';
import { assetRoutes } from './routes/asset-routes.js';
import { editorRoutes, type EditorDeps } from './routes/editor-routes.js';
import { auditedPeopleFor, auditRefusals, auditRoutes } from './routes/audit-routes.js';
import { openApiDocument } from './openapi.js';
import { draftRoutes } from './routes/draft-routes.js';
import {
  falsePositiveRoutes,
  liveCheckRoutes,
  orgCheckSettingsRoutes,
} from './routes/check-settings-routes.js';
import { gatewayCredentialRoutes } from './routes/gateway-credential-routes.js';
import { workflowRoutes } from './routes/workflow-routes.js';
import { healthRoutesOn } from './routes/health-routes.js';
import { securityHeaders } from './security-headers.js';
import type { LoginService } from '../services/login-service.js';
import type { WecomLogin } from '../services/wecom-login-service.js';
import { loginRoutes } from './routes/login-routes.js';
import { mySessionRoutes, personSessionRoutes } from './routes/session-routes.js';
// The admin's pages (issue 12 point 4).
import { adminPageRoutes } from './routes/admin-pages.js';
import type { AlertBoard } from '../services/admin/alert-board.js';
import type { WorkflowService } from '../services/workflow-service.js';
import { systemClock } from '../domain/clock.js';

export interface AppDeps {
  people: PeopleService;
  /** True when storage answers; drives /readyz. */
  ping: () => Promise<boolean>;
  /** When it runs checks on threads: /healthz shows the checks in flight. */
  checker?: Pick<DraftChecker, 'stats'>;
  logger?: ErrorLogger;
  /** When given: admin changes and refused (403) requests are audited, and `GET /api/audit` is served. */
  audit?: AuditLog;
  /** When given: the drafts API under `/api/drafts`. */
  review?: ReviewService;
  /** When given: platform accounts under `/api/orgs/:slug/accounts`. */
  accounts?: AccountService;
  /** When given: each draft shows where its targets stand. */
  publish?: PublishService;
  /** When given: `GET /api/alerts` for administrators. */
  alerts?: AdminAlerts;
  /** When given: corrections and retractions from a patrol alert or a published draft (issue 13 point 6). */
  corrections?: CorrectionService;
  /** When given: `GET /api/orgs/:slug/monitor/cadence` for administrators (issue 13). */
  monitor?: Pick<CadenceMonitor, 'report'> & { reports?: ReportsEdge };
  /** When given: the account register under `/api/orgs/:slug/register` for administrators (issue 13, point 1). */
  register?: RegisterService & { files: RegisterExport };
  /** When given: `GET /api/orgs/:slug/monitor/patrol` for administrators (issue 13, point 4). */
  patrol?: Pick<PatrolService, 'status'>;
  /** When given: the WeChat- and Weibo-compatible endpoints for existing tools, under `gateway.basePath`. */
  gateway?: GatewayDeps;
  /** When given: gateway credentials under `/api/orgs/:slug/gateway-credentials` (admin). */
  gatewayCredentials?: GatewayCredentialService;
  /** When given: allow entries and sources under `/api/orgs/:slug/…` (admin). */
  checkSettings?: CheckSettingsService;
  /** When given: `POST /api/drafts/:id/findings/false-positive`, and marks shown on the draft's findings. */
  falsePositives?: FalsePositiveService;
  /** When given: `POST /api/check`, the editor's live check. */
  liveCheck?: LiveCheckService;
  /** When given: one line per request (id, person, route, status, time). */
  requestLogger?: Logger;
  /** When given: request latency by route (and queues, outcomes) at `GET /metrics`. */
  metrics?: Metrics & MetricsExposition;
  /** What a scraper sends to read `/metrics`; absent: loopback only. */
  metricsToken?: string | undefined;
  /** When given: failed authentications (API tokens, review and login links) are limited per source address. */
  authFailures?: FailureLimiter;
  /**
   * With `pages` and `audit`: password login at `/d/login`, logout, `/d/sessions`; passwords and sessions under
   * `/api/me/…` and (admins) `/api/orgs/:slug/people/:name/…`, where people are also disabled.
   */
  login?: LoginService;
  /** With `pages`, `login`, `audit`, `accounts` and `gatewayCredentials`: the admin's pages under `/d/admin`. */
  alertBoard?: AlertBoard;
  /** The workflow that applies to each organisation, edited on the admin's workflow page and `/api/orgs/:slug/workflow`. */
  workflows?: WorkflowService;
  /** With `login`: WeCom single sign-on at `/d/wecom/…` for the organisations that configured it. */
  wecomLogin?: WecomLogin | undefined;
  /** With Redis Sentinel: waits until a replica holds this process's writes (WAIT 1) before a change is answered. */
  confirmWrites?: () => Promise<void>;
  /** When given: the review pages (`/m/review/:token`, `/d/…`) and `/api/me/…`. */
  pages?: Omit<PageDeps, 'sessions'> & {
    /** The desk's login links and sessions; their cookies are built here. */
    desk: DeskLogins;
    delegations: DelegationService;
    channels: ChannelStore;
    publicUrl: () => string;
    /** Webhook hosts exempt from the egress policy. */
    webhookAllowHosts?: readonly string[];
  };
}

/** The HTTP application; it never listens (server.ts does, tests use supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: every answer is dynamic, and hashing each body (a draft is ~15 KB) cost CPU on every request.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(deps.requestLogger, deps.metrics ?? NO_METRICS));
  app.use(securityHeaders(deps.pages?.publicUrl, deps.pages?.imageHosts));
  if (deps.metrics) app.get('/metrics', metricsRoute(deps.metrics, deps.metricsToken));
  healthRoutesOn(app, deps.ping, deps.checker);
  if (deps.confirmWrites) app.use(confirmWritesBeforeAnswering(deps.confirmWrites));
  const { pages } = deps;
  const throttle = addressThrottle(deps.authFailures);
  const sessions = pages && deskSessionsOn(pages.desk);
  // The pages' routes (about 90) in one router that no /api request enters.
  const pageRouter = express.Router();
  if (pages) pageRouter.use(assetRoutes());
  if (pages && sessions) pageRouter.use(pageRoutes({ ...pages, sessions, throttle }));
  if (pages && sessions && deps.login) {
    const wecom = deps.wecomLogin && { login: deps.wecomLogin, publicUrl: pages.publicUrl };
    pageRouter.use(loginRoutes({ sessions, login: deps.login, throttle, wecom }));
  }
  if (pages && deps.review && deps.liveCheck)
    pageRouter.use(editorRoutes(editorDepsOf(deps, pages, deps.review, deps.liveCheck)));
  // The monitor's dashboard (issue 13 point 5): a desk page for the organisation's admins.
  if (pages && sessions && deps.monitor?.reports)
    pageRouter.use(monitorPageRoutes({ reports: deps.monitor.reports, sessions }));
  if (pages && sessions) adminPagesOn(pageRouter, deps, pages, sessions);
  if (pages) app.use(onlyFor(notForApi, pageRouter));
  // Before the JSON parser below: the gateway parses bodies itself, as the platforms do (and answers like them).
  if (deps.gateway) {
    app.use(onlyFor(under(deps.gateway.basePath), gatewayRoutes(deps.gateway)));
    app.use(gatewayStorageFailures(deps.gateway.basePath));
  }
  const openApi = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // Authenticated before any body is read: a stranger's megabyte is never parsed.
  app.use('/api', authenticate(cachedPersonByToken(deps.people), throttle));
  app.use(jsonBodies('1mb'));
  const peopleFor = deps.audit ? auditedPeopleFor(deps.people, deps.audit) : () => deps.people;
  if (deps.accounts) {
    const { audit } = deps;
    const recordFor = (res: Response) => (audit ? auditRecorder(audit, callerOf(res)) : undefined);
    app.use(
      '/api/orgs/:slug/accounts',
      mountPattern('/api/orgs/:slug/accounts'),
      accountRoutes(deps.accounts, recordFor),
    );
  }
  if (deps.gatewayCredentials)
    app.use(
      '/api/orgs/:slug/gateway-credentials',
      mountPattern('/api/orgs/:slug/gateway-credentials'),
      gatewayCredentialRoutes(deps.gatewayCredentials),
    );
  if (deps.checkSettings)
    app.use('/api/orgs/:slug', mountPattern('/api/orgs/:slug'), orgCheckSettingsRoutes(deps.checkSettings));
  if (deps.workflows)
    app.use(
      '/api/orgs/:slug/workflow',
      mountPattern('/api/orgs/:slug/workflow'),
      workflowRoutes(deps.workflows),
    );
  if (deps.monitor)
    app.use('/api/orgs/:slug/monitor', mountPattern('/api/orgs/:slug/monitor'), monitorRoutes(deps.monitor));
  if (pages && deps.login && deps.audit) {
    const { audit } = deps;
    const routes = { login: deps.login, desk: pages.desk };
    const recordFor = (res: Response) => auditRecorder(audit, callerOf(res));
    const mount = '/api/orgs/:slug/people/:name';
    app.use(mount, mountPattern(mount), personSessionRoutes({ ...routes, peopleFor, recordFor }));
    app.use('/api/me', mySessionRoutes(routes));
  }
  if (deps.patrol)
    app.use('/api/orgs/:slug/monitor', mountPattern('/api/orgs/:slug/monitor'), patrolRoutes(deps.patrol));
  if (deps.register) {
    const mount = '/api/orgs/:slug/register';
    app.use(mount, mountPattern(mount), registerRoutes(deps.register, deps.register.files));
  }
  app.use('/api/orgs', adminRoutes(peopleFor));
  if (deps.audit) app.use('/api/audit', auditRoutes(deps.audit, deps.people));
  const { publish, falsePositives, corrections } = deps;
  if (falsePositives)
    app.use(
      '/api/drafts/:id/findings',
      mountPattern('/api/drafts/:id/findings'),
      falsePositiveRoutes(falsePositives),
    );
  if (deps.corrections)
    app.use(
      '/api/drafts/:id/correction',
      mountPattern('/api/drafts/:id/correction'),
      draftCorrectionRoutes(deps.corrections),
    );
  if (deps.review) {
    const marksOf = falsePositives ? (found: DraftWithVersion) => falsePositives.marksOn(found) : undefined;
    app.use(
      '/api/drafts',
      draftRoutes(
        deps.review,
        publish ? (found) => publish.of(found) : undefined,
        marksOf,
        corrections ? (found) => corrections.markOf(found.record) : undefined,
      ),
    );
  }
  if (deps.liveCheck) app.use('/api/check', liveCheckRoutes(deps.liveCheck));
  if (deps.alerts) app.use('/api/alerts', alertRoutes(deps.alerts, deps.corrections));
  if (pages) {
    const loginUrl = (person: Person) => `${pages.publicUrl()}${pages.desk.loginPath(person)}`;
    app.use('/api/me', meRoutes({ ...pages, loginUrl }));
  }
  app.use(notFoundHandler);
  if (deps.audit) app.use(auditRefusals(deps.audit));
  app.use(errorHandler(deps.logger ?? stderrLogger()));
  return app;
}

/** The editor's pages (/d/write, /d/drafts…) on the desk's sessions, the live check and the accounts. */
function editorDepsOf(
  deps: AppDeps,
  pages: NonNullable<AppDeps['pages']>,
  review: ReviewService,
  liveCheck: LiveCheckService,
): EditorDeps {
  const { accounts, publish } = deps;
  return {
    review,
    liveCheck,
    sessions: deskSessionsOn(pages.desk),
    templatesFor: pages.templatesFor,
    ...(accounts
      ? {
          accountsOf: async (org: string) => {
            const listed = await accounts.list(org);
            return listed.ok ? listed.value : [];
          },
        }
      : {}),
    ...(publish ? { publicationsOf: (found: DraftWithVersion) => publish.of(found) } : {}),
    ...(pages.imageHosts ? { imageHosts: pages.imageHosts } : {}),
  };
}

/**
 * Hands a request to `router` only when `wanted` says it may answer it. Entering a router that answers nothing
 * costs a pass over its stack and a setImmediate on the way out: three such routers per /api request were about
 * half of the router's CPU. The router's stack stays visible to whoever reads Express's stacks (the route table).
 */
function onlyFor(wanted: (req: Request) => boolean, router: Router): RequestHandler {
  const handler: RequestHandler = (req, res, next) => {
    if (wanted(req)) router(req, res, next);
    else next();
  };
  return Object.assign(handler, { stack: router.stack });
}

/** No page answers under /api (matching each API request against every route of the pages cost 60 layer matches). */
const notForApi = (req: Request) => !req.path.startsWith('/api/');

/**
 * Paths a router mounted under `base` may answer: Express matches mount paths without regard to (ASCII) case, so
 * this does too; a path it lets through that the router then does not match goes on as before.
 */
function under(base: string): (req: Request) => boolean {
  const prefix = `${base.toLowerCase()}/`;
  return (req) => req.path.toLowerCase().startsWith(prefix);
}

/** The admin's pages (/d/admin), when every service they call is there. */
function adminPagesOn(
  router: Router,
  deps: AppDeps,
  pages: NonNullable<AppDeps['pages']>,
  sessions: ReturnType<typeof deskSessionsOn>,
): void {
  const { login, audit, accounts, gatewayCredentials, alertBoard, workflows } = deps;
  if (!login || !audit || !accounts || !gatewayCredentials || !alertBoard || !workflows) return;
  router.use(
    adminPageRoutes({
      sessions,
      people: deps.people,
      audit,
      now: pages.now ?? systemClock,
      login,
      desk: pages.desk,
      publicUrl: pages.publicUrl,
      alertBoard,
      accounts,
      gatewayCredentials,
      workflows,
      ...(deps.register ? { register: deps.register } : {}),
    }),
  );
}

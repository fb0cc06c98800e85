import type { Request, Response } from 'express';
import type { Account } from '../../domain/accounts.js';
import type { DomainError } from '../../domain/domain-error.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { Person } from '../../domain/people.js';
import type { Publication } from '../../domain/publishing/publication.js';
import type { TailTemplates } from '../../domain/workflow/workflow-definition.js';
import { ERROR_REGISTRY } from '../../errors/error-registry.js';
import { errorMessageFor } from '../../messages/error-messages.js';
import { messageFor } from '../../messages/zh-cn.js';
import { renderConfirmationPage } from '../../pages/confirmation-page.js';
import type { DraftFormValues, WritePageModel } from '../../pages/editor-model.js';
import { renderWritePage } from '../../pages/editor-write-page.js';
import type { LiveCheckService } from '../../services/live-check-service.js';
import type { ReviewService } from '../../services/review-service.js';
import { checkViewOf, newVersionSigners, previewOf, targetChoices } from '../presenters/editor-presenter.js';
import type { DeskSessions } from './desk-sessions.js';
import { deskNavOf } from './desk-nav.js';
import type { DeskNav } from '../../pages/editor-nav.js';
import { pageScriptUrl } from '../../pages/page-layout.js';

export interface EditorDeps {
  review: ReviewService;
  sessions: DeskSessions;
  liveCheck: LiveCheckService;
  templatesFor: (org: string) => Promise<TailTemplates>;
  /** The organisation's accounts, offered as targets; absent: none. */
  accountsOf?: (org: string) => Promise<Account[]>;
  /** Where a draft's targets stand (the article links once published); absent: not shown. */
  publicationsOf?: (found: DraftWithVersion) => Promise<Publication[]>;
  imageHosts?: readonly string[];
}

export type EditorContext = ReturnType<typeof editorContext>;

/** What every editor route needs: who is logged in, the form token, and the writing page's model. */
export function editorContext(deps: EditorDeps) {
  const csrfQuery = (req: Request) => `csrf=${encodeURIComponent(deps.sessions.csrfOf(req))}`;
  return {
    csrfQuery,
    nav: (req: Request, person: Person, current?: DeskNav['current']) =>
      deskNavOf(deps.sessions, req, person, current),
    async loggedIn(req: Request, res: Response): Promise<Person | null> {
      const person = await deps.sessions.personOf(req);
      if (!person) sendNotice(res, 401, '请先登录', '请用管理员发给您的登录链接打开本页。');
      return person;
    },
    async withFormToken(req: Request, res: Response): Promise<Person | null> {
      const csrf = typeof req.query.csrf === 'string' ? req.query.csrf : '';
      const person = await deps.sessions.personOf(req, csrf);
      if (!person) sendNotice(res, 403, '请重新登录', '会话已过期或表单已失效，请刷新后重试。');
      return person;
    },
    async writeModel(
      req: Request,
      person: Person,
      values: DraftFormValues,
      path: string,
    ): Promise<WritePageModel> {
      const accounts = (await deps.accountsOf?.(person.org)) ?? [];
      return {
        viewerName: person.name,
        nav: deskNavOf(deps.sessions, req, person, 'write'),
        actionUrl: `${path}?${csrfQuery(req)}`,
        checkUrl: `${req.baseUrl}/d/check?${csrfQuery(req)}`,
        scriptUrl: pageScriptUrl(req.baseUrl, 'editor.js'),
        values,
        accounts: targetChoices(accounts),
        ...(deps.imageHosts ? { imageHosts: deps.imageHosts } : {}),
      };
    },
    /** The page with the findings of the text as posted (检查), and for 预览 the preview too. */
    async checked(
      person: Person,
      model: WritePageModel,
      content: Parameters<LiveCheckService['check']>[1],
      intent: 'check' | 'preview',
      signers = newVersionSigners({ id: person.id, name: person.name }),
    ): Promise<WritePageModel> {
      const result = await deps.liveCheck.check(person, content);
      if (!result.ok) return { ...model, errors: [errorMessageFor(result.error)] };
      const withCheck = { ...model, check: checkViewOf(content, result.value) };
      if (intent === 'check') return withCheck;
      const accounts = (await deps.accountsOf?.(person.org)) ?? [];
      return {
        ...withCheck,
        preview: previewOf(content, signers, await deps.templatesFor(person.org), accounts),
      };
    },
  };
}

export function sendWrite(res: Response, model: WritePageModel, status = 200): void {
  res.status(status).type('html').send(renderWritePage(model));
}

export function statusOf(error: { code: keyof typeof ERROR_REGISTRY }): number {
  return ERROR_REGISTRY[error.code].status;
}

export function sendNotice(res: Response, status: number, title: string, message: string): void {
  res
    .status(status)
    .type('html')
    .send(renderConfirmationPage({ title, message, verdict: undefined, draftTitle: '' }));
}

export const draftNotFound = (res: Response, error: DomainError) =>
  sendNotice(res, 404, '找不到稿件', messageFor(error));

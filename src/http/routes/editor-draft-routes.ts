import express, { Router, type Request, type Response } from 'express';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { Person } from '../../domain/people.js';
import { errorMessageFor } from '../../messages/error-messages.js';
import { renderMyDraftPage, renderMyDraftsPage } from '../../pages/editor-drafts-page.js';
import type { DraftFormValues, WritePageModel } from '../../pages/editor-model.js';
import { readDraftForm, submissionOfForm } from '../editor-form.js';
import {
  checkViewOf,
  formValuesOf,
  mayRevise,
  mayWithdraw,
  myDraftItems,
  newVersionSigners,
  publicationsOf,
  rejectionOf,
} from '../presenters/editor-presenter.js';
import { reviewStagesOf } from '../presenters/review-page-presenter.js';
import type { EditorContext, EditorDeps } from './editor-context.js';
import { draftNotFound, sendWrite, statusOf } from './editor-context.js';

const forms = express.urlencoded({ extended: false, limit: '1mb' });
/** How many of the organisation's latest drafts are read for "mine". */
const LIST_LIMIT = 200;

/** 我的稿件 and one draft of mine: where it stands, 撤回, and a new version after it came back. */
export function editorDraftPages(deps: EditorDeps, ctx: EditorContext): Router {
  const router = Router();

  const mine = (req: Request, res: Response, person: Person) => myDraft(deps, req, res, person);
  const sendMyDraft = (...args: MyDraftArgs) => sendMyDraftPage(deps, ctx, ...args);

  router.get('/d/drafts', async (req, res) => {
    const person = await ctx.loggedIn(req, res);
    if (!person) return;
    const records = await deps.review.list(person, { limit: LIST_LIMIT });
    const items = myDraftItems(records, person, `${req.baseUrl}/d/drafts`);
    const nav = ctx.nav(req, person, 'drafts');
    res.type('html').send(renderMyDraftsPage({ viewerName: person.name, nav, items }));
  });

  router.get('/d/drafts/:id', async (req, res) => {
    const person = await ctx.loggedIn(req, res);
    const found = person && (await mine(req, res, person));
    if (!person || !found) return;
    await sendMyDraft(req, res, person, found, req.query.submitted ? '已提交，稿件已进入审签。' : undefined);
  });

  router.post('/d/drafts/:id/withdraw', forms, async (req, res) => {
    const person = await ctx.withFormToken(req, res);
    const found = person && (await mine(req, res, person));
    if (!person || !found) return;
    const version = Number((req.body as { version?: string }).version);
    const result = await deps.review.withdraw(person, found.record.id, { version });
    if (!result.ok)
      return sendMyDraft(req, res, person, found, errorMessageFor(result.error), statusOf(result.error));
    await sendMyDraft(req, res, person, result.value, '已撤回。可修改后重新提交。');
  });

  router.get('/d/drafts/:id/edit', async (req, res) => {
    const person = await ctx.loggedIn(req, res);
    const found = person && (await mine(req, res, person));
    if (!person || !found) return;
    sendWrite(res, await reviseModel(ctx, req, person, found, formValuesOf(found.version.content)));
  });

  router.post('/d/drafts/:id/edit', forms, async (req, res) => {
    const person = await ctx.withFormToken(req, res);
    const found = person && (await mine(req, res, person));
    if (!person || !found) return;
    const { values, intent, baseVersion } = readDraftForm(req.body);
    const model = await reviseModel(ctx, req, person, found, values);
    const parsed = submissionOfForm(values);
    if (!parsed.ok) return sendWrite(res, { ...model, errors: parsed.errors }, 400);
    if (intent !== 'submit') {
      const signers = newVersionSigners(found.record.review.drafter);
      return sendWrite(res, await ctx.checked(person, model, parsed.value.content, intent, signers));
    }
    const base = baseVersion ?? found.version.number;
    const result = await deps.review.revise(person, found.record.id, base, parsed.value);
    if (result.ok) return res.redirect(303, `${req.baseUrl}/d/drafts/${found.record.id}?submitted=1`);
    sendWrite(res, { ...model, errors: [errorMessageFor(result.error)] }, statusOf(result.error));
  });

  return router;
}

/** The draft, if the logged-in person wrote it; others are sent to its review page. */
async function myDraft(
  deps: EditorDeps,
  req: Request,
  res: Response,
  person: Person,
): Promise<DraftWithVersion | undefined> {
  const found = await deps.review.get(person, idOf(req));
  if (!found.ok) return void draftNotFound(res, found.error);
  if (found.value.record.review.drafter.id === person.id) return found.value;
  res.redirect(303, `${req.baseUrl}/d/review/${found.value.record.id}`);
  return undefined;
}

async function reviseModel(
  ctx: EditorContext,
  req: Request,
  person: Person,
  found: DraftWithVersion,
  values: DraftFormValues,
): Promise<WritePageModel> {
  const path = `${req.baseUrl}/d/drafts/${found.record.id}/edit`;
  const model = await ctx.writeModel(req, person, values, path);
  const rejection = rejectionOf(found.record.review);
  const { title, body } = found.version.content;
  const revise = {
    draftTitle: found.record.title,
    baseVersion: found.version.number,
    previous: { title, body },
    ...(rejection ? { rejection } : {}),
  };
  return { ...model, nav: ctx.nav(req, person), revise };
}

type MyDraftArgs = [
  req: Request,
  res: Response,
  person: Person,
  found: DraftWithVersion,
  notice?: string,
  status?: number,
];

/** My draft's page: where it stands, what I may do, and where it was published. */
async function sendMyDraftPage(
  deps: EditorDeps,
  ctx: EditorContext,
  req: Request,
  res: Response,
  person: Person,
  found: DraftWithVersion,
  notice?: string,
  status = 200,
): Promise<void> {
  const { record, version } = found;
  const rejection = rejectionOf(record.review);
  const draftUrl = `${req.baseUrl}/d/drafts/${record.id}`;
  const publications = publicationsOf((await deps.publicationsOf?.(found)) ?? []);
  const page = renderMyDraftPage({
    viewerName: person.name,
    nav: ctx.nav(req, person, 'drafts'),
    id: record.id,
    title: record.title,
    status: record.review.status,
    grade: record.review.grade,
    version: version.number,
    ...(version.content.publish_at ? { publishAt: version.content.publish_at } : {}),
    stages: reviewStagesOf(record.review),
    check: checkViewOf(version.content, version.report),
    ...(rejection ? { rejection } : {}),
    ...(mayRevise(found) ? { editUrl: `${draftUrl}/edit` } : {}),
    ...(mayWithdraw(found) ? { withdrawUrl: `${draftUrl}/withdraw?${ctx.csrfQuery(req)}` } : {}),
    publications,
    ...(notice ? { notice } : {}),
    ...(deps.imageHosts ? { imageHosts: deps.imageHosts } : {}),
  });
  res.status(status).type('html').send(page);
}

const idOf = (req: Request): string => String(req.params.id ?? '');

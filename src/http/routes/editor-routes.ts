import express, { Router } from 'express';
import { errorMessageFor } from '../../messages/error-messages.js';
import { checkPanel, checkSummary } from '../../pages/editor-check-panel.js';
import { EMPTY_FORM, readDraftForm, submissionOfForm } from '../editor-form.js';
import { checkViewOf } from '../presenters/editor-presenter.js';
import { editorContext, sendWrite, statusOf, type EditorDeps } from './editor-context.js';
import { editorDraftPages } from './editor-draft-routes.js';

export type { EditorDeps } from './editor-context.js';

const forms = express.urlencoded({ extended: false, limit: '1mb' });

/**
 * The editor's pages on the desk (issue 12, point 2): 我的稿件, 写稿, a new version of a draft that came back,
 * the preview, 撤回, and the live check for the page's script. Plain forms first: every action is a form post
 * carrying the session's form token, and the server answers with the page; the script only adds the live check.
 */
export function editorRoutes(deps: EditorDeps): Router {
  const router = Router();
  const ctx = editorContext(deps);

  router.get('/d/write', async (req, res) => {
    const person = await ctx.loggedIn(req, res);
    if (person) sendWrite(res, await ctx.writeModel(req, person, EMPTY_FORM, `${req.baseUrl}/d/write`));
  });

  router.post('/d/write', forms, async (req, res) => {
    const person = await ctx.withFormToken(req, res);
    if (!person) return;
    const { values, intent } = readDraftForm(req.body);
    const model = await ctx.writeModel(req, person, values, `${req.baseUrl}/d/write`);
    const parsed = submissionOfForm(values);
    if (!parsed.ok) return sendWrite(res, { ...model, errors: parsed.errors }, 400);
    if (intent !== 'submit')
      return sendWrite(res, await ctx.checked(person, model, parsed.value.content, intent));
    const result = await deps.review.submit(person, parsed.value);
    if (result.ok) return res.redirect(303, `${req.baseUrl}/d/drafts/${result.value.record.id}?submitted=1`);
    sendWrite(res, { ...model, errors: [errorMessageFor(result.error)] }, statusOf(result.error));
  });

  router.post('/d/check', forms, async (req, res) => {
    const person = await ctx.withFormToken(req, res);
    if (!person) return;
    const parsed = submissionOfForm(readDraftForm(req.body).values);
    if (!parsed.ok) return res.status(400).json({ errors: parsed.errors });
    const result = await deps.liveCheck.check(person, parsed.value.content);
    if (!result.ok) {
      if (result.error.code === 'rate_limited')
        res.set('Retry-After', String(result.error.retryAfterSeconds));
      return res.status(statusOf(result.error)).json({ errors: [errorMessageFor(result.error)] });
    }
    const view = checkViewOf(parsed.value.content, result.value);
    res.json({ html: checkPanel(view, deps.imageHosts).toString(), summary: checkSummary(view) });
  });

  router.use(editorDraftPages(deps, ctx));
  return router;
}

import { Router, type Response } from 'express';
import { z } from 'zod';
import { PLATFORMS } from '../../domain/accounts.js';
import type { AccountService } from '../../services/account-service.js';
import { accountDetails, disabledAction, type AuditRecorder } from '../../services/audit-service.js';
import { orgInPath, requireAdminOf } from '../auth.js';
import { toHttpError, parseRequest } from '../error-mapping.js';

const text = z.string('须为字符串').trim().min(1, '不能为空');
const newAccountSchema = z.strictObject({
  platform: z.enum(PLATFORMS, `平台须为 ${PLATFORMS.join('、')} 之一`),
  name: text,
  appid: text.optional(),
  secret: text.optional(),
  token: text.optional(),
  link: text.optional(),
});
const orgParams = z.object({ slug: z.string() });
const weiboParams = z.object({ slug: z.string(), name: z.string() });
const accountParams = z.object({
  slug: z.string(),
  platform: z.enum(PLATFORMS, `平台须为 ${PLATFORMS.join('、')} 之一`),
  name: z.string(),
});
const linkSchema = z.strictObject({ link: text });

/**
 * `/api/orgs/:slug/accounts` (admin): add and list platform accounts, set a Weibo account's link, disable and
 * enable one. Answers never carry a secret, and the audit entry names the account, not its credential.
 * `recordFor` records in the name of this request's caller.
 */
export function accountRoutes(
  accounts: AccountService,
  recordFor: (res: Response) => AuditRecorder | undefined,
) {
  const router = Router({ mergeParams: true });
  router.use(requireAdminOf(orgInPath));

  router.post('/', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const body = parseRequest(newAccountSchema, req.body);
    const result = await accounts.add({ org: slug, ...body });
    if (!result.ok) throw toHttpError(result.error);
    await recordFor(res)?.(slug, 'created', accountDetails(result.value));
    res.status(201).json(result.value);
  });

  // Weibo accounts added before a link was required have none and cannot publish until they get one.
  router.put('/weibo/:name/link', async (req, res) => {
    const { slug, name } = parseRequest(weiboParams, req.params, 'params');
    const { link } = parseRequest(linkSchema, req.body);
    const result = await accounts.setWeiboLink(slug, name, link);
    if (!result.ok) throw toHttpError(result.error);
    await recordFor(res)?.(slug, 'account_changed', accountDetails(result.value));
    res.json(result.value);
  });

  // 停用 / 启用: a disabled account is refused as a target of new versions and nothing is published to it.
  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    router.post(`/:platform/:name/${verb}`, async (req, res) => {
      const { slug, platform, name } = parseRequest(accountParams, req.params, 'params');
      const result = await accounts.setDisabled(slug, platform, name, disabled);
      if (!result.ok) throw toHttpError(result.error);
      await recordFor(res)?.(slug, disabledAction(disabled), accountDetails(result.value));
      res.json(result.value);
    });
  }

  router.get('/', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const result = await accounts.list(slug);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ accounts: result.value });
  });
  return router;
}

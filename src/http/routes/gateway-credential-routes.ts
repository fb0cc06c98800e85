import { Router } from 'express';
import { z } from 'zod';
import { grantedSecret } from '../../domain/gateway/gateway-credential.js';
import type { GatewayCredentialService } from '../../services/gateway-credential-service.js';
import { callerOf, orgInPath, requireAdminOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';

/** Days a credential is granted for when the request does not say. */
export const DEFAULT_GRANT_DAYS = 90;

const text = z.string('须为字符串').trim().min(1, '不能为空');
const grantSchema = z.strictObject({
  account: text,
  person: text,
  days: z.number('须为整数').optional(),
});
const orgParams = z.object({ slug: z.string() });
const credentialParams = z.object({ slug: z.string(), appid: z.string() });

/**
 * `/api/orgs/:slug/gateway-credentials` (admin): grant, list and revoke gateway credentials. The grant's answer
 * is the only time its secret (WeChat) or access token (Weibo) is shown; lists never carry one. The service
 * records grants and revocations in the trail itself, in the caller's name.
 */
export function gatewayCredentialRoutes(credentials: GatewayCredentialService): Router {
  const router = Router({ mergeParams: true });
  router.use(requireAdminOf(orgInPath));

  router.post('/', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const body = parseRequest(grantSchema, req.body);
    const result = await credentials.grant({
      org: slug,
      target: body.account,
      person: body.person,
      days: body.days ?? DEFAULT_GRANT_DAYS,
      grantedBy: callerOf(res).id,
    });
    if (!result.ok) throw toHttpError(result.error);
    const { credential, secret } = result.value;
    res.status(201).json({ ...credential, ...grantedSecret(credential, secret) });
  });

  router.get('/', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const result = await credentials.list(slug);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ credentials: result.value });
  });

  router.delete('/:appid', async (req, res) => {
    const { slug, appid } = parseRequest(credentialParams, req.params, 'params');
    const result = await credentials.revoke(slug, appid, callerOf(res).id);
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  });
  return router;
}

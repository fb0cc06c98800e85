import { Router } from 'express';
import { z } from 'zod';
import type { Person } from '../../domain/people.js';
import { refusalForUrl } from '../../domain/egress-policy.js';
import { EGRESS_REFUSALS } from '../../messages/notifications.js';
import type { DelegationService } from '../../services/delegation-service.js';
import type { ChannelAddress } from '../../domain/notification.js';
import type { ChannelStore } from '../../services/ports/notifications.js';
import { callerOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';

const instant = z.iso.datetime({ offset: true, message: '须为 ISO 8601 时间，如 2026-12-01T09:00:00+08:00' });
const newDelegationSchema = z.strictObject({
  stand_in: z.string('须为姓名').trim().min(1, '须给出代理人姓名'),
  from: instant.optional(),
  until: instant,
});

/** The egress policy as far as it can be judged before resolving: https, no literal private address. */
const webhookUrl = (allowHosts: readonly string[]) =>
  z
    .url('须为有效网址')
    .regex(/^https?:\/\//, '须为 http(s) 网址')
    .superRefine((url, ctx) => {
      const refusal = refusalForUrl(new URL(url), allowHosts);
      if (refusal) ctx.addIssue({ code: 'custom', message: EGRESS_REFUSALS[refusal] });
    });

const channelsSchema = (allowHosts: readonly string[]) =>
  z.strictObject({
    wecom: z.strictObject({ user_id: z.string().trim().min(1, '不能为空') }).optional(),
    wechat: z.strictObject({ openid: z.string().trim().min(1, '不能为空') }).optional(),
    webhook: z
      .strictObject({
        url: webhookUrl(allowHosts),
        secret: z.string().min(16, '签名密钥至少 16 个字符'),
      })
      .optional(),
  });

/** `/api/me/…`: what a person sets for themselves: channels, stand-ins (代), a desk login link. */
export function meRoutes(deps: {
  delegations: DelegationService;
  channels: ChannelStore;
  loginUrl: (person: Person) => string;
  /** Webhook hosts exempt from the egress policy (QIANFA_WEBHOOK_ALLOW_HOSTS). */
  webhookAllowHosts?: readonly string[];
}): Router {
  const router = Router();
  const channels = channelsSchema(deps.webhookAllowHosts ?? []);

  router.get('/channels', async (_req, res) => {
    res.json({ channels: await deps.channels.get(callerOf(res).id) });
  });

  router.put('/channels', async (req, res) => {
    const body = parseRequest(channels, req.body);
    const addresses: ChannelAddress[] = [
      ...(body.wecom ? [{ channel: 'wecom' as const, userId: body.wecom.user_id }] : []),
      ...(body.wechat ? [{ channel: 'wechat_template' as const, openid: body.wechat.openid }] : []),
      ...(body.webhook ? [{ channel: 'webhook' as const, ...body.webhook }] : []),
    ];
    await deps.channels.set(callerOf(res).id, addresses);
    res.json({ channels: addresses });
  });

  router.post('/login-link', (_req, res) => {
    res.status(201).json({ url: deps.loginUrl(callerOf(res)) });
  });

  router.get('/delegations', async (_req, res) => {
    res.json({ delegations: await deps.delegations.list(callerOf(res)) });
  });

  router.post('/delegations', async (req, res) => {
    const body = parseRequest(newDelegationSchema, req.body);
    const input = { standIn: body.stand_in, until: body.until, ...(body.from ? { from: body.from } : {}) };
    const result = await deps.delegations.add(callerOf(res), input);
    if (!result.ok) throw toHttpError(result.error);
    res.status(201).json(result.value);
  });

  router.post('/delegations/:id/end', async (req, res) => {
    const result = await deps.delegations.end(callerOf(res), String(req.params.id));
    if (!result.ok) throw toHttpError(result.error);
    res.json({ ended: true });
  });

  return router;
}

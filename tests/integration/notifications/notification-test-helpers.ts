import { NotificationError } from '../../../src/adapters/notifications/notification.js';
import { WecomClient } from '../../../src/adapters/notifications/wecom/wecom-client.js';
import { FakeWecomServer, type FakeWecomServerOptions } from '../../fakes/fake-wecom-server.js';

export const APP = {
  corpid: 'ww5a1b2c3d4e5f6a01',
  corpsecret: 'nantong-approval-app-secret-000000000001',
  agentid: 1000002,
  members: ['WangWu', 'lisi', 'zhaoliu'],
} as const;

export const OTHER_APP = {
  corpid: APP.corpid,
  corpsecret: 'nantong-other-app-secret-00000000000002',
  agentid: 1000003,
  members: ['WangWu'],
} as const;

export const REVIEW_URL = 'https://qianfa.example.gov.cn/m/review/tok_3f9a';

export async function startFakeWecom(options: FakeWecomServerOptions = {}): Promise<FakeWecomServer> {
  return new FakeWecomServer({ apps: [APP, OTHER_APP], ...options }).start();
}

export function wecomClientFor(server: FakeWecomServer, timeoutMs = 5_000): WecomClient {
  return new WecomClient({ baseUrl: server.baseUrl, timeoutMs });
}

/** The NotificationError a call rejects with; fails the test on success or on any other rejection. */
export async function notificationFailureOf(promise: Promise<unknown>): Promise<NotificationError> {
  const outcome: unknown = await promise.then(
    () => 'resolved',
    (reason: unknown) => reason,
  );
  if (!(outcome instanceof NotificationError)) {
    throw new Error(`expected a NotificationError, got ${String(outcome)}`);
  }
  return outcome;
}

/** The fields a test compares, so one expect shows code, kind and retry advice together. */
export function classified(error: NotificationError): { code: string; kind: string; transient: boolean } {
  return { code: error.code, kind: error.kind, transient: error.transient };
}

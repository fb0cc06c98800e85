import request from 'supertest';
import { expect } from 'vitest';
import type { Auth, ReviewApp } from './review-app.js';

export const REGISTER_BASE = '/api/orgs/cc/register';
export const DETAILS = {
  organiser: '南通市崇川区人民政府办公室',
  organiserShortName: '崇川',
  verified: true,
  verificationSubject: '南通市崇川区人民政府办公室',
  newsLicence: false,
  leader: { name: '李四', title: '副主任', phone: '0513-00000000' },
  staff: [{ name: '王五' }],
  operator: { name: '某某文化传媒有限公司', contractEnd: '2027-06-30' },
};

export interface RegisterView {
  target: string;
  followers?: { count?: number; refused?: string; at: string };
  name: string;
  runningState: string;
  pending?: { draft: string; kind: string };
  closableFrom?: string;
  runningOverdueSince?: string;
}

/** The register's API for one admin, with the sign-off chain that approves its requests. */
export function registerApi(t: ReviewApp, admin: Auth, chain: () => Auth[]) {
  const api = () => request(t.app);
  async function approveAll(draft: string, deciders: Auth[]) {
    for (const decider of deciders) {
      const res = await api()
        .post(`/api/drafts/${draft}/approve`)
        .set('Authorization', decider.header)
        .send({ version: 1 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }
  const open = (name: string, details: object = DETAILS, platform = 'wechat') =>
    api()
      .post(REGISTER_BASE)
      .set('Authorization', admin.header)
      .send({ platform, name, details, reason: '按上级要求开设' });
  return {
    api,
    approveAll,
    open,
    show: async (path: string) =>
      (await api().get(`${REGISTER_BASE}/${path}`).set('Authorization', admin.header)).body as RegisterView,
    /** Opens `name`, has the whole chain approve, and marks it running. */
    async running(name: string, details: object = DETAILS, platform = 'wechat') {
      const opened = await open(name, details, platform);
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      await approveAll((opened.body as RegisterView).pending!.draft, chain());
      const res = await api()
        .post(`${REGISTER_BASE}/${platform}/${name}/running`)
        .set('Authorization', admin.header);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
  };
}

/** An admin who may also file requests (drafter), and the major grade's chain ending with the principal. */
export async function registerPeople(t: ReviewApp) {
  return {
    admin: await t.person('管理员', ['admin', 'drafter']),
    chain: [
      await t.person('审核人', ['reviewer']),
      await t.person('分管领导', ['deputy']),
      await t.person('主要负责人', ['principal']),
    ],
  };
}

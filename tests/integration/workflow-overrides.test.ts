import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { checkWorkflows } from '../../src/cli/commands/validate-command.js';
import { DEFAULT_WORKFLOWS_DIR } from '../../src/package-dirs.js';
import { formBody } from '../helpers/form-body.js';
import { as, packageReviewData, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import { createReviewService } from '../../src/services/review-service.js';

const CLEAN = {
  title: '亲子阅读活动通知',
  body: '本周六举办亲子阅读活动，欢迎参加。',
  kind: 'original' as const,
};

/** General drafts get a 复核 stage by the deputy between 审核 and 审签. */
const WITH_CHECK = `chains:
  general:
    - { id: review, role: reviewer, label: 审核 }
    - { id: check, role: deputy, label: 复核 }
    - { id: sign, role: editor, label: 审签 }
`;
/** Two errors: a role that decides nothing, and an unknown key. */
const INVALID = `chains:
  general:
    - { id: review, role: reviewer, label: 审核 }
    - { id: sign, role: admin, label: 审签 }
  chain: []
`;

interface DraftBody {
  id: string;
  version: number;
  stages: { id: string; status: string }[];
}
interface WorkflowBody {
  revision: number;
  overridden: boolean;
  yaml: string;
  changed_by?: string;
  chains: { general: { id: string }[] };
}

const stagesOf = (res: request.Response) => (res.body as DraftBody).stages.map((stage) => stage.id);

/**
 * Issue 12 point 4: an organisation's admins edit its workflow (API and admin page), validated as `qianfa
 * validate` validates a file, audited; every process applies it to the next decision.
 */
describe('the workflow edited by the organisation admins', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let reviewer: Auth;
  let admin: Auth;

  beforeEach(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    await t.person('王五', ['editor']);
    await t.person('赵六', ['deputy']);
    admin = await t.person('管理员', ['admin']);
  });
  afterEach(() => t.close());

  const submit = async (app: Express = t.app) => {
    const res = await as(app, drafter).post('/api/drafts', CLEAN);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res;
  };
  const put = (body: object, by = admin) => as(t.app, by).put('/api/orgs/cc/workflow', body);
  const workflowEntries = async () =>
    (await t.audit.snapshot('cc')).entries.filter((entry) => entry.action.startsWith('workflow_'));

  it('routes the next submission by a saved workflow, in every instance; drafts in flight keep their stages', async () => {
    const second = await t.secondInstance();
    // The second instance routes a draft first, so it holds the files' workflow when the admin saves.
    const inFlight = await submit(second);
    expect(stagesOf(inFlight)).toEqual(['review', 'sign']);

    const saved = await put({ yaml: WITH_CHECK, revision: 0 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body as WorkflowBody).toMatchObject({ revision: 1, overridden: true, yaml: WITH_CHECK });

    expect(stagesOf(await submit(second))).toEqual(['review', 'check', 'sign']);
    expect(stagesOf(await submit())).toEqual(['review', 'check', 'sign']);
    const { id } = inFlight.body as DraftBody;
    const read = await as(second, reviewer).get(`/api/drafts/${id}`);
    expect(stagesOf(read)).toEqual(['review', 'sign']);
    // Resubmitted after a rejection: the new version takes the workflow as it is now.
    const rejected = await as(second, reviewer).post(`/api/drafts/${id}/reject`, {
      version: 1,
      comment: '请补充时间地点',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const revised = await as(second, drafter).put(`/api/drafts/${id}`, { ...CLEAN, base_version: 1 });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(stagesOf(revised)).toEqual(['review', 'check', 'sign']);
  });

  it('decides a submission again when the workflow was replaced between reading it and committing', async () => {
    const { checker } = await packageReviewData();
    let saveInBetween = true;
    const workflowFor = async (org: string) => {
      const read = await t.workflows.decidingWorkflowFor(org);
      if (saveInBetween) {
        saveInBetween = false;
        expect((await t.workflows.save(org, WITH_CHECK, { id: admin.id })).ok).toBe(true);
      }
      return read;
    };
    const review = createReviewService({
      drafts: new RedisDraftStore(t.redis, t.keys),
      audit: t.audit,
      checker,
      workflowFor,
      now: () => new Date(),
      newId: () => 'raced-with-a-save',
    });
    const by = (await t.people.getPerson(drafter.id))!;
    const submitted = await review.submit(by, { content: { ...CLEAN, kind: 'original', targets: [] } });
    expect(saveInBetween).toBe(false);
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    expect(submitted.value.record.review.stages.map((stage) => stage.id)).toEqual([
      'review',
      'check',
      'sign',
    ]);
  });

  it('refuses an invalid workflow with the messages of qianfa validate, and changes nothing', async () => {
    const refused = await put({ yaml: INVALID });
    expect(refused.status).toBe(422);
    const { error } = refused.body as { error: { code: string; message: string; details: string[] } };
    expect(error.code).toBe('workflow_invalid');

    const dir = await mkdtemp(join(tmpdir(), 'qianfa-workflows-'));
    try {
      await copyFile(join(DEFAULT_WORKFLOWS_DIR, 'default.yaml'), join(dir, 'default.yaml'));
      await writeFile(join(dir, 'cc.yaml'), INVALID);
      const validated = await checkWorkflows(dir);
      expect(validated.errors.length).toBe(2);
      expect(error.details).toEqual(validated.errors.map((line) => line.replace(`${dir}/`, '')));
    } finally {
      await rm(dir, { recursive: true });
    }
    expect(error.message).toContain('cc.yaml#chains.general[1].role: 未知或不可审签的角色');

    const syntax = await put({ yaml: 'chains: [' });
    expect(syntax.status).toBe(422);
    expect((syntax.body as { error: { message: string } }).error.message).toContain(
      'cc.yaml:1: YAML 语法错误',
    );

    const current = (await as(t.app, admin).get('/api/orgs/cc/workflow')).body as WorkflowBody;
    expect(current).toMatchObject({ revision: 0, overridden: false });
    expect(current.chains.general.map((stage) => stage.id)).toEqual(['review', 'sign']);
    expect(await workflowEntries()).toEqual([]);
    expect(stagesOf(await submit())).toEqual(['review', 'sign']);
  });

  it('audits each save and reset in the chain, refuses a change made on a stale revision, and resets', async () => {
    expect((await put({ yaml: WITH_CHECK, revision: 0 })).status).toBe(200);
    const stale = await put({ yaml: WITH_CHECK, revision: 0 });
    expect([stale.status, (stale.body as { error: { code: string } }).error.code]).toEqual([
      409,
      'workflow_changed',
    ]);

    const reset = await request(t.app)
      .delete('/api/orgs/cc/workflow?revision=1')
      .set('Authorization', admin.header);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body as WorkflowBody).toMatchObject({
      revision: 2,
      overridden: false,
      changed_by: admin.id,
    });
    expect(stagesOf(await submit())).toEqual(['review', 'sign']);

    const [saved, dropped] = await workflowEntries();
    expect(saved).toMatchObject({ action: 'workflow_saved', actor: admin.id, details: { revision: 1 } });
    expect(dropped).toMatchObject({ action: 'workflow_reset', actor: admin.id, details: { revision: 2 } });
    expect(saved?.details.after_sha256).toBe(dropped?.details.before_sha256);
    expect(dropped?.details.after_sha256).toBe(saved?.details.before_sha256);
    expect(saved?.details.before_sha256).not.toBe(saved?.details.after_sha256);
    expect(await t.verifyAudit()).toMatchObject({ ok: true });
  });

  it('lets only the organisation admins read or change it (403 for others)', async () => {
    expect((await put({ yaml: WITH_CHECK }, reviewer)).status).toBe(403);
    const outsider = await t.person('外单位管理员', ['admin'], { org: 'other' });
    expect((await put({ yaml: WITH_CHECK }, outsider)).status).toBe(403);
    expect((await as(t.app, reviewer).get('/api/orgs/cc/workflow')).status).toBe(403);
    expect(((await as(t.app, admin).get('/api/orgs/cc/workflow')).body as WorkflowBody).revision).toBe(0);
  });

  describe('the admin page', () => {
    /** A browser logged in as `who` by a login link, and the form token its pages carry. */
    async function desk(who: Auth) {
      const agent = request.agent(t.app);
      const person = (await t.people.getPerson(who.id))!;
      expect((await agent.get(t.desk.loginPath(person))).status).toBe(303);
      const sessions = await agent.get('/d/sessions');
      const csrf = decodeURIComponent(/csrf=([^"&]+)/.exec(sessions.text)?.[1] ?? '');
      expect(csrf).not.toBe('');
      return { agent, csrf };
    }

    it('validates (校验) without saving, shows the errors beside the text, saves (保存) and resets (恢复默认)', async () => {
      const { agent, csrf } = await desk(admin);
      expect((await agent.get('/d/admin/org/cc/workflow')).text).toContain('id: review');
      const post = (path: string, fields: Record<string, string>) =>
        agent
          .post(`/d/admin/org/cc${path}?csrf=${encodeURIComponent(csrf)}`)
          .type('form')
          .send(formBody(fields));

      const checked = await post('/workflow', { text: INVALID, intent: 'validate', revision: '0' });
      expect(checked.status).toBe(422);
      expect(checked.text).toContain('cc.yaml#chains.general[1].role: 未知或不可审签的角色');
      expect(checked.text).toContain('cc.yaml#chains.chain: 未知字段');
      const refused = await post('/workflow', { text: INVALID, intent: 'save', revision: '0' });
      expect(refused.status).toBe(422);
      expect(await workflowEntries()).toEqual([]);

      const valid = await post('/workflow', { text: WITH_CHECK, intent: 'validate', revision: '0' });
      expect([valid.status, valid.text.includes('校验通过，尚未保存')]).toEqual([200, true]);
      expect(await workflowEntries()).toEqual([]);
      const saved = await post('/workflow', { text: WITH_CHECK, intent: 'save', revision: '0' });
      expect([saved.status, saved.text.includes('已保存为第 1 版')]).toEqual([200, true]);
      expect(saved.text).toContain('复核：分管领导');
      expect(saved.text).toMatch(/第 1 版：管理员 于[\s\S]*修改/);
      expect(stagesOf(await submit())).toEqual(['review', 'check', 'sign']);

      const stale = await post('/workflow', { text: WITH_CHECK, intent: 'save', revision: '0' });
      expect(stale.status).toBe(409);
      const reset = await post('/workflow/reset', { revision: '1' });
      expect([reset.status, reset.text.includes('已恢复默认流程')]).toEqual([200, true]);
      expect((await workflowEntries()).map((entry) => entry.action)).toEqual([
        'workflow_saved',
        'workflow_reset',
      ]);
      const trail = await agent.get('/d/admin/org/cc/audit');
      expect(trail.text).toContain('修改审签流程');
      expect(trail.text).toContain('审签流程恢复默认');
    });

    it('refuses a post by a person who is not an admin, and changes nothing', async () => {
      const { agent, csrf } = await desk(reviewer);
      const posted = await agent
        .post(`/d/admin/org/cc/workflow?csrf=${encodeURIComponent(csrf)}`)
        .type('form')
        .send(formBody({ text: WITH_CHECK, intent: 'save' }));
      expect(posted.status).toBe(403);
      expect(await workflowEntries()).toEqual([]);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskAgent } from '../../helpers/desk-agent.js';
import { formBody } from '../../helpers/form-body.js';
import { registerApi, registerPeople, type RegisterView } from '../../helpers/register-api.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const PAGE = '/d/admin/org/cc/register';
/** The opening form as a browser posts it: every field, empty ones too, checkboxes only when ticked. */
const OPENING_FORM = {
  platform: 'weibo',
  name: '崇川微博',
  reason: '按上级要求开设',
  organiser: '崇川区融媒体中心',
  organiserShortName: '崇川',
  undertaker: '',
  accountId: '',
  link: '',
  registeredOn: '2026-03-01',
  verified: 'on',
  verificationSubject: '崇川区融媒体中心',
  leaderName: '周七',
  leaderTitle: '主任',
  leaderPhone: '',
  staff: '吴八\r\n郑九',
  operatorName: '',
  operatorContractEnd: '',
  mandate: '',
};

/** 账号台账 on the desk (issue 13 point 1): the register, its forms filing requests, the 审批表 download. */
describe('the register page', () => {
  let t: ReviewApp;
  let admin: Auth;
  let register: ReturnType<typeof registerApi>;

  beforeAll(async () => {
    t = await startReviewApp();
    const people = await registerPeople(t);
    admin = people.admin;
    register = registerApi(t, admin, () => people.chain);
    await register.running('崇川发布');
  });
  afterAll(() => t.close());

  const post = async (path: string, fields: Record<string, string>) => {
    const { agent, csrf } = await deskAgent(t, admin);
    return agent
      .post(`${path}?csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send(formBody(fields));
  };

  it('lists each account with organiser, state, people, operator, followers, and refuses non-admins', async () => {
    const { agent } = await deskAgent(t, admin);
    const page = await agent.get(PAGE);
    expect(page.status).toBe(200);
    const text = page.text.replace(/\s+/g, ' ');
    for (const shown of [
      '崇川发布',
      '微信公众号',
      '运行',
      '主办单位 南通市崇川区人民政府办公室',
      '已认证（南通市崇川区人民政府办公室）',
      '分管领导 李四 副主任',
      '工作人员 王五',
      '代运维 某某文化传媒有限公司，合同至 2027-06-30',
      '关注量 未知',
      'href="/d/admin/org/cc/register/wechat/%E5%B4%87%E5%B7%9D%E5%8F%91%E5%B8%83/closure"',
      'href="/d/admin/org/cc/register/export.xlsx"',
    ])
      expect(text).toContain(shown);
    expect(text).toMatch(/aria-current="page"\s*>账号台账/);
    const reviewer = await t.person('审核员甲', ['reviewer']);
    expect((await (await deskAgent(t, reviewer)).agent.get(PAGE)).status).toBe(403);
    const outsider = await t.person('外单位管理员', ['admin'], { org: 'other' });
    expect((await (await deskAgent(t, outsider)).agent.get(PAGE)).status).toBe(404);
  });

  it('files an opening from the form as a major-grade draft, and shows it in sign-off', async () => {
    const filed = await post(`${PAGE}/open`, OPENING_FORM);
    expect(filed.status, filed.text).toBe(201);
    expect(filed.text).toContain('已提交 weibo:崇川微博 的开设申请');
    expect(filed.text).toMatch(/审签中：开设申请（稿件 [^）]+）/);
    const entry = await register.show('weibo/崇川微博');
    expect(entry.runningState).toBe('planning');
    expect(entry).toMatchObject({
      details: {
        organiser: '崇川区融媒体中心',
        verified: true,
        newsLicence: false,
        leader: { name: '周七', title: '主任' },
        staff: [{ name: '吴八' }, { name: '郑九' }],
      },
    });
    const draft = await as(t.app, admin).get(`/api/drafts/${entry.pending!.draft}`);
    expect((draft.body as { grade: string }).grade).toBe('major');
  });

  it('gives a refused form back filled, with the field named in Chinese', async () => {
    const missing = await post(`${PAGE}/open`, {
      ...OPENING_FORM,
      name: '崇川头条',
      organiser: '',
      leaderName: '',
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('主办单位：');
    expect(missing.text).toContain('分管领导：');
    expect(missing.text).toContain('value="崇川头条"');
    const rules = await post(`${PAGE}/open`, { ...OPENING_FORM, name: '便民服务' });
    expect(rules.status).toBe(422);
    expect(rules.text).toContain('未体现主办单位');
    expect((await register.show('weibo/便民服务')).target).toBeUndefined();
  });

  it('fills the change form with the entry, and files a closure with its announcement', async () => {
    const { agent } = await deskAgent(t, admin);
    const form = await agent.get(`${PAGE}/wechat/${encodeURIComponent('崇川发布')}/change`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="南通市崇川区人民政府办公室"');
    expect(form.text).toContain('value="2027-06-30"');
    expect(form.text).toMatch(/<textarea[^>]*name="staff"[^>]*>王五<\/textarea>/);
    const closure = await post(`${PAGE}/wechat/${encodeURIComponent('崇川发布')}/closure`, {
      reason: '整合至区融媒体中心',
      announcement: '本公众号将停止更新，内容已迁移至“崇川融媒”。',
    });
    expect(closure.status, closure.text).toBe(201);
    const entry: RegisterView = await register.show('wechat/崇川发布');
    expect(entry.pending?.kind).toBe('closure');
  });

  it('downloads the 审批表 as XLSX on the desk session', async () => {
    const { agent } = await deskAgent(t, admin);
    const file = await agent.get(`${PAGE}/export.xlsx`).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['content-disposition']).toContain('qianfa-register-cc.xlsx');
  });
});

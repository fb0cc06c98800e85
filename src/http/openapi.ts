import { z } from 'zod';
import { TARGET_PATTERN } from '../domain/accounts.js';
import { REVIEW_STATUSES } from '../domain/workflow/review-status.js';
import { ERROR_REGISTRY } from '../errors/error-registry.js';
import {
  approveSchema,
  cancelScheduleSchema,
  withdrawSchema,
  newDraftSchema,
  raiseGradeSchema,
  rejectSchema,
  revisedDraftSchema,
} from './draft-schemas.js';
import { falsePositiveSchema, sourcesSchema } from './routes/check-settings-routes.js';
import { changeSchema, closureSchema, offlineSchema, openingSchema } from './register-schemas.js';
import { workflowSchema } from './routes/workflow-routes.js';
import { ownPasswordSchema, passwordSchema } from './routes/session-routes.js';

type Json = Record<string, unknown>;

/** Request bodies as JSON Schema, from the very zod schemas the routes validate with. */
const body = (schema: z.ZodType, description: string): Json => ({
  required: true,
  description,
  content: {
    'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
  },
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...statuses: number[]): Json =>
  Object.fromEntries(
    statuses.map((status) => [String(status), { $ref: `#/components/responses/E${status}` }]),
  );

const draftAnswer = json(ref('Draft'), '稿件当前状态');
const storedAnswer = json(ref('StoredDraft'), '已保存的版本（完整内容见 GET /api/drafts/{id}）');
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const targetParam = {
  name: 'target',
  in: 'path',
  required: true,
  description: '发布目标，如 wechat:崇川发布（URL 编码）',
  schema: { type: 'string', pattern: TARGET_PATTERN.source },
};
const decisionErrors = errors(400, 401, 403, 404, 409, 422);

const ERROR_TEXT: Record<number, string> = {
  400: '请求有误：无效的 JSON 或字段（details 逐项列出 path: message）',
  401: '未登录或令牌无效',
  403: '无权进行该操作（已记入审计链）',
  404: '没有这个稿件或接口',
  409: '版本已过期，或稿件刚被他人处理',
  413: '请求体超过 1 MB',
  422: '稿件状态不允许该操作（如有拦截项、须确认的提示未确认、等级不能调低）',
  429: '请求过于频繁：响应头 Retry-After 给出可重试的秒数',
};

/** The OpenAPI 3.1 document served at `/api/openapi.json`. */
export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'qianfa 签发 API',
      version: '0.1.0',
      description: '政务新媒体稿件先审后发：提交、分级审签、尾注与留痕。错误码与状态见 x-error-codes。',
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/drafts': {
        post: {
          summary: '提交稿件（机审后保存第 1 版）',
          requestBody: body(newDraftSchema, '稿件内容；grade 只能调高机审定级'),
          responses: { '201': storedAnswer, ...errors(400, 401, 403, 413) },
        },
        get: {
          summary: '列出稿件',
          parameters: [
            { name: 'awaiting', in: 'query', schema: { enum: ['me'] }, description: '只列出等待我处理的' },
            { name: 'status', in: 'query', schema: { type: 'string' }, description: '逗号分隔的状态' },
            { name: 'org', in: 'query', schema: { type: 'string' }, description: '管理员查看其他单位' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
          ],
          responses: {
            '200': json(
              { type: 'object', properties: { drafts: { type: 'array', items: ref('DraftSummary') } } },
              '稿件列表',
            ),
            ...errors(400, 401),
          },
        },
      },
      '/api/drafts/{id}': {
        parameters: [idParam],
        get: { summary: '查看稿件', responses: { '200': draftAnswer, ...errors(401, 404) } },
        put: {
          summary: '提交新版本（此前的审批全部作废）',
          requestBody: body(revisedDraftSchema, '新版本内容与所依据的版本号 base_version'),
          responses: { '200': storedAnswer, ...errors(400, 401, 403, 404, 409, 413) },
        },
      },
      '/api/drafts/{id}/approve': {
        parameters: [idParam],
        post: {
          summary: '同意当前环节',
          requestBody: body(approveSchema, '版本号、意见、已确认的提示'),
          responses: { '200': draftAnswer, ...decisionErrors },
        },
      },
      '/api/drafts/{id}/reject': {
        parameters: [idParam],
        post: {
          summary: '退回拟稿人',
          requestBody: body(rejectSchema, '版本号与退回意见（必填）'),
          responses: { '200': draftAnswer, ...decisionErrors },
        },
      },
      '/api/drafts/{id}/grade': {
        parameters: [idParam],
        post: {
          summary: '调高等级（审签链随之延长）',
          requestBody: body(raiseGradeSchema, '新等级与理由'),
          responses: { '200': draftAnswer, ...decisionErrors },
        },
      },
      '/api/drafts/{id}/targets/{target}/retry': {
        parameters: [idParam, targetParam],
        post: {
          summary: '重新发布失败的账号（本单位管理员、审签链上的审核审签人）',
          description:
            '发布失败（status publish_failed）的账号重新排队发布，记入审计链（含上次失败的错误码）。' +
            '已送达平台的部分先向平台核实、不重复发布；并发调用只排队一次，其余 409。',
          responses: {
            '202': json(ref('Draft'), '稿件；该账号的 publications 项为 queued'),
            ...decisionErrors,
          },
        },
      },
      '/api/drafts/{id}/withdraw': {
        parameters: [idParam],
        post: {
          summary: '撤回稿件（拟稿人，任何环节作出结论之前）',
          description:
            '稿件撤回（status withdrawn），不再等待审核，记入审计链；拟稿人可提交新版本重新送审。' +
            '已有环节作出结论 → 409 review_started。',
          requestBody: body(withdrawSchema, '版本号与撤回说明（可选）'),
          responses: { '200': draftAnswer, ...decisionErrors },
        },
      },
      '/api/drafts/{id}/schedule/cancel': {
        parameters: [idParam],
        post: {
          summary: '撤销定时发布（本单位管理员、审签链上的审核审签人）',
          description:
            '已批准、定时发布时间未到的稿件撤回（status withdrawn），各账号的定时发布取消，记入审计链；拟稿人可提交新版本重新送审。' +
            '时间已到或未设定时间 → 409 schedule_not_pending。',
          requestBody: body(cancelScheduleSchema, '版本号与撤销原因（必填）'),
          responses: { '200': draftAnswer, ...decisionErrors },
        },
      },
      '/api/drafts/{id}/audit': {
        parameters: [idParam],
        get: {
          summary: '稿件的审计记录',
          responses: {
            '200': json(
              { type: 'object', properties: { entries: { type: 'array', items: ref('AuditEntry') } } },
              '按时间先后',
            ),
            ...errors(401, 404),
          },
        },
      },
      ...CHECK_SETTINGS_PATHS,
      ...MONITOR_PATHS,
      ...REGISTER_PATHS,
      ...WORKFLOW_PATHS,
      ...LOGIN_PATHS,
      '/api/audit': {
        get: {
          summary: '单位审计链（管理员，分页）',
          parameters: [
            { name: 'org', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
          ],
          responses: { '200': json({ type: 'object' }, '一页审计记录'), ...errors(400, 401, 403) },
        },
      },
      '/api/audit/verify': {
        get: {
          summary: '校验单位的整条审计链（管理员）：与链头比对，逐页读取',
          parameters: [{ name: 'org', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            '200': json(
              { type: 'object' },
              '{org, ok: true, count, head}，或 {org, ok: false, index, seq, reason}（reason: changed | link_broken | removed | reordered）',
            ),
            ...errors(400, 401, 403),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'qf_ 开头的个人令牌' } },
      schemas: SCHEMAS,
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([status, text]) => [`E${status}`, json(ref('Error'), text)]),
      ),
    },
    'x-error-codes': Object.fromEntries(
      Object.entries(ERROR_REGISTRY).map(([code, { status }]) => [code, status]),
    ),
  };
}

const person = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } };

const slugParam = { name: 'slug', in: 'path', required: true, schema: { type: 'string' } };
const entriesAnswer = (description: string) =>
  json({ type: 'object', properties: { entries: { type: 'array', items: ref('AllowEntry') } } }, description);
const sourcesAnswer = json(
  { type: 'object', properties: { sources: { type: 'array', items: { type: 'string' } } } },
  '本单位追加的授权稿源单位（在内置名单之外）',
);

/** The live check, deciders' false-positive marks and the organisation's check settings. */
const CHECK_SETTINGS_PATHS: Json = {
  '/api/check': {
    post: {
      summary: '即时机审（不保存）：按本单位的误报条目与稿源返回与提交时相同的机审结果；每人每分钟限次',
      requestBody: body(newDraftSchema, '与提交稿件相同的字段；targets 可省略（给出时一并检查平台限制）'),
      responses: { '200': json(ref('CheckReport'), '机审结果'), ...errors(400, 401, 413, 429) },
    },
  },
  '/api/drafts/{id}/findings/false-positive': {
    parameters: [idParam],
    post: {
      summary:
        '把当前版本的一条命中项标记为误报（当前环节的审核人）：命中文字成为本单位的误报条目，下一版起在本单位不再命中。只能标记词表、个人观点、表述和定级类命中项',
      requestBody: body(falsePositiveSchema, '版本号、命中项 { rule, field, start, end } 与理由（必填）'),
      responses: { '201': json(ref('AllowEntry'), '新的误报条目'), ...errors(400, 401, 403, 404, 409, 422) },
    },
  },
  '/api/orgs/{slug}/allow-entries': {
    parameters: [slugParam],
    get: {
      summary: '本单位的误报条目（管理员）',
      responses: { '200': entriesAnswer('按标记时间先后'), ...errors(401, 403, 404) },
    },
  },
  '/api/orgs/{slug}/allow-entries/{id}': {
    parameters: [slugParam, { ...idParam }],
    delete: {
      summary: '撤销误报条目（管理员，记入审计链）：此后的机审恢复该命中项',
      responses: { '200': json(ref('AllowEntry'), '被撤销的条目'), ...errors(401, 403, 404) },
    },
  },
  '/api/orgs/{slug}/sources': {
    parameters: [slugParam],
    get: {
      summary: '本单位追加的授权稿源单位（管理员）',
      responses: { '200': sourcesAnswer, ...errors(401, 403, 404) },
    },
    put: {
      summary: '替换本单位追加的授权稿源单位（管理员，记入审计链）',
      requestBody: body(sourcesSchema, '稿源单位名称列表（整体替换）'),
      responses: { '200': sourcesAnswer, ...errors(400, 401, 403, 404) },
    },
  },
};
const workflowAnswer = json(
  {
    type: 'object',
    properties: {
      org: { type: 'string' },
      revision: { type: 'integer', description: '0：管理员从未修改；每次保存、恢复默认加 1' },
      overridden: {
        type: 'boolean',
        description: 'true：本单位保存的流程生效；false：workflows 目录中的文件生效',
      },
      changed_by: { type: 'string', description: '最近一次修改者的人员 id（命令行为 cli）' },
      changed_at: { type: 'string', format: 'date-time' },
      yaml: { type: 'string', description: '生效流程的 YAML 文本' },
      chains: { type: 'object', description: '各等级的审签链' },
      tails: { type: 'object', description: '尾注模板' },
      warnings: { type: 'array', items: { type: 'string' }, description: '仅 PUT：可以保存的提示' },
    },
  },
  '本单位生效的审签流程',
);

/** The workflow an organisation's admins edit (issue 12 point 4; workflows/README.md). */
const WORKFLOW_PATHS: Json = {
  '/api/orgs/{slug}/workflow': {
    parameters: [slugParam],
    get: {
      summary: '本单位生效的审签流程及其 YAML（管理员）',
      responses: { '200': workflowAnswer, ...errors(401, 403, 404) },
    },
    put: {
      summary:
        '保存本单位的审签流程（管理员，记入审计链）：校验同 qianfa validate，有错误则不保存（422，details 逐条列出）；给出 revision 时，他人已修改则 409。新提交和重新提交的稿件按新流程，审签中的稿件保留原环节',
      requestBody: body(
        workflowSchema,
        '{ yaml, revision? }：YAML 格式同 workflows/<单位>.yaml，省略的部分取 default.yaml',
      ),
      responses: { '200': workflowAnswer, ...errors(400, 401, 403, 404, 409, 422) },
    },
    delete: {
      summary: '恢复默认审签流程（管理员，记入审计链）：删除本单位保存的流程，workflows 目录中的文件重新生效',
      parameters: [{ name: 'revision', in: 'query', schema: { type: 'integer', minimum: 0 } }],
      responses: { '200': workflowAnswer, ...errors(400, 401, 403, 404, 409) },
    },
  },
};

/** The compliance monitor (issue 13; docs/monitor.md). */
const MONITOR_PATHS: Json = {
  '/api/orgs/{slug}/monitor/patrol': {
    parameters: [slugParam],
    get: {
      summary: '已发布内容巡检（管理员）：最近一次巡检的结果与仍存在问题的文章',
      responses: {
        '200': json(
          {
            type: 'object',
            properties: {
              org: { type: 'string' },
              lastRun: {
                type: ['object', 'null'],
                description:
                  'at, accounts, articles, newFindings, linksChecked, deadLinks[{target,url,link,status}], failures[{target,reason}], ms',
              },
              openFindings: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    target: { type: 'string' },
                    articleId: { type: 'string' },
                    url: { type: 'string' },
                    title: { type: 'string' },
                    findings: { type: 'array', items: { type: 'object' } },
                    since: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          '巡检状态',
        ),
        ...errors(401, 403, 404),
      },
    },
  },
  '/api/orgs/{slug}/monitor/cadence': {
    parameters: [slugParam],
    get: {
      summary: '各账号的更新频次与原创比例（管理员）：含经签发发布的和绕过签发在平台上直接发布的',
      responses: {
        '200': json(
          {
            type: 'object',
            properties: {
              org: { type: 'string' },
              at: { type: 'string', format: 'date-time' },
              calendarCovered: { type: 'boolean', description: '节假日数据是否覆盖今天所在年份' },
              accounts: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    target: { type: 'string' },
                    cadence: {
                      type: 'object',
                      description: 'state: ok | warning | failed | zombie，及预警日、不合格日',
                    },
                    original: { type: 'object', description: '滚动窗口内原创、转载、未知类别的条数与比例' },
                    posts: {
                      type: 'object',
                      properties: { qianfa: { type: 'integer' }, platform: { type: 'integer' } },
                    },
                    listFailure: {
                      type: 'string',
                      description: '平台列表读取失败时的错误码（只计签发发布的）',
                    },
                  },
                },
              },
            },
          },
          '各账号的监测结果',
        ),
        ...errors(401, 403, 404),
      },
    },
  },
};

const registerAnswer = json(ref('RegisterEntry'), '台账条目（当前状态）');
const entryParams = [
  slugParam,
  { name: 'platform', in: 'path', required: true, schema: { enum: ['wechat', 'weibo'] } },
  {
    name: 'name',
    in: 'path',
    required: true,
    description: '账号名称（URL 编码）',
    schema: { type: 'string' },
  },
];
/** A register action on one entry: its answer, and 409 when the state does not allow it. */
const entryAction = (summary: string, requestBody?: Json, created = false): Json => ({
  summary,
  ...(requestBody ? { requestBody } : {}),
  responses: { [created ? '201' : '200']: registerAnswer, ...errors(400, 401, 403, 404, 409, 422) },
});

/** The account register (issue 13 point 1; docs/monitor.md, 账号台账): the organisation's admins. */
const REGISTER_PATHS: Json = {
  '/api/orgs/{slug}/register': {
    parameters: [slugParam],
    get: {
      summary: '账号台账（管理员）：各账号的备案信息、运行状态、关注量与审签中的申请',
      responses: {
        '200': json(
          { type: 'object', properties: { entries: { type: 'array', items: ref('RegisterEntry') } } },
          '按平台、名称排序',
        ),
        ...errors(401, 403, 404),
      },
    },
    post: {
      summary: '申请开设账号：以“重大”等级稿件送审，主要负责人批准后进入筹建（申请人须兼有拟稿人角色）',
      requestBody: body(openingSchema, '平台、名称、备案信息（审批表各项）、申请理由'),
      responses: { '201': registerAnswer, ...errors(400, 401, 403, 404, 409, 422) },
    },
  },
  '/api/orgs/{slug}/register/export': {
    parameters: [slugParam],
    get: {
      summary: '导出台账：JSON，或审批表格式的 XLSX（每个账号一行）',
      parameters: [{ name: 'format', in: 'query', schema: { enum: ['json', 'xlsx'], default: 'json' } }],
      responses: {
        '200': {
          description: '台账（JSON 与列表相同），或 XLSX 文件',
          content: {
            'application/json': { schema: { type: 'object' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  },
  '/api/orgs/{slug}/register/{platform}/{name}': {
    parameters: entryParams,
    get: {
      summary: '台账中的一个账号（读取时结算已审结的申请）',
      responses: { '200': registerAnswer, ...errors(401, 403, 404) },
    },
  },
  '/api/orgs/{slug}/register/{platform}/{name}/change': {
    parameters: entryParams,
    post: entryAction(
      '申请变更（含更名）：经主要负责人审签后生效',
      body(changeSchema, '新名称（可选）、备案信息、理由'),
      true,
    ),
  },
  '/api/orgs/{slug}/register/{platform}/{name}/closure': {
    parameters: entryParams,
    post: entryAction(
      '申请注销：注销公告作为申请稿件送审，批准后进入注销公示，公示期满方可注销',
      body(closureSchema, '理由与注销公告'),
      true,
    ),
  },
  '/api/orgs/{slug}/register/{platform}/{name}/running': {
    parameters: entryParams,
    post: entryAction('已批准开设的账号正式运行'),
  },
  '/api/orgs/{slug}/register/{platform}/{name}/offline': {
    parameters: entryParams,
    post: entryAction('临时下线（每年不超过规定次数与天数）', body(offlineSchema, '下线天数')),
  },
  '/api/orgs/{slug}/register/{platform}/{name}/close': {
    parameters: entryParams,
    post: entryAction('注销（注销公告公示期满后）'),
  },
};

const summaryProperties = {
  id: { type: 'string' },
  org: { type: 'string' },
  title: { type: 'string' },
  version: { type: 'integer' },
  status: { enum: [...REVIEW_STATUSES] },
  status_name: { type: 'string' },
  grade: { enum: ['general', 'important', 'major'] },
  grade_name: { type: 'string' },
  drafter: person,
  awaiting: { type: ['object', 'null'], description: '等待处理的环节 { stage, label, role }' },
  created_at: { type: 'string', format: 'date-time' },
  updated_at: { type: 'string', format: 'date-time' },
};

const SCHEMAS: Json = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          details: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  DraftSummary: { type: 'object', properties: summaryProperties },
  RegisterEntry: {
    type: 'object',
    description: '台账条目（docs/monitor.md 账号台账）',
    properties: {
      org: { type: 'string' },
      platform: { enum: ['wechat', 'weibo'] },
      name: { type: 'string' },
      target: { type: 'string', description: '如 wechat:崇川发布' },
      details: {
        type: 'object',
        description: '审批表各项：主办单位、认证、资质、分管领导、工作人员、代运维机构与合同到期日等',
      },
      state: { enum: ['planning', 'running', 'closing', 'closed'] },
      runningState: {
        enum: ['planning', 'running', 'suspended', 'closing', 'closed'],
        description: '筹建、运行、暂停（临时下线中）、注销公示、已注销',
      },
      followers: {
        type: 'object',
        description:
          '最近一次从平台读取的关注量 { count, at }，或平台拒绝 { refused: 错误码, at }；缺省：未读取（未知）',
      },
      pending: {
        type: 'object',
        description: '审签中的申请 { kind: open | change | closure, draft, reason, at, by }',
      },
      closableFrom: { type: 'string', format: 'date-time', description: '注销公示期满、可注销的时刻' },
      runningOverdueSince: { type: 'string', description: '批准开设后逾期未运行的截止日' },
      offline: { type: 'array', items: { type: 'object' } },
      history: { type: 'array', items: { type: 'object' } },
    },
  },
  StoredDraft: {
    type: 'object',
    description: '提交或新版本的应答：id、版本、状态、定级、机审命中项、审签环节',
    properties: {
      id: { type: 'string' },
      version: { type: 'integer' },
      status: { type: 'string' },
      status_name: { type: 'string' },
      grade: { enum: ['general', 'important', 'major'] },
      grade_name: { type: 'string' },
      blocked: { type: 'boolean' },
      findings: { type: 'array', items: { type: 'object' } },
      stages: { type: 'array', items: { type: 'object' } },
    },
  },
  Draft: {
    type: 'object',
    properties: {
      ...summaryProperties,
      hash: { type: 'string', description: '本版本内容的 SHA-256' },
      checker_grade: { enum: ['general', 'important', 'major'] },
      requested_grade: { enum: ['general', 'important', 'major', null] },
      author: person,
      content: { type: 'object', description: '本版本内容（与提交字段相同）' },
      blocked: { type: 'boolean' },
      findings: {
        type: 'array',
        items: {
          type: 'object',
          description:
            '机审命中项：rule、category、action、field、start、end、text、message；false_positive：已标记为误报时 { label, entry, reason, marked_by, marked_at }，否则 null',
        },
      },
      review_rules: { type: 'array', items: { type: 'string' } },
      acknowledged: { type: 'array', items: { type: 'string' } },
      stages: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            label: { type: 'string' },
            role: { type: 'string' },
            role_name: { type: 'string' },
            status: { enum: ['approved', 'rejected', 'waiting', 'pending'] },
            decided_by: { oneOf: [person, { type: 'null' }] },
            decided_at: { type: ['string', 'null'] },
            comment: { type: ['string', 'null'] },
            acknowledged: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      awaits_me: { type: 'boolean' },
      final: {
        type: ['object', 'null'],
        description: '全部环节同意后：加尾注的正文 { title, body, tail }',
      },
    },
  },
  CheckReport: {
    type: 'object',
    properties: {
      blocked: { type: 'boolean' },
      grade: { enum: ['general', 'important', 'major'] },
      grade_name: { type: 'string' },
      findings: { type: 'array', items: { type: 'object', description: '与稿件的 findings 相同' } },
    },
  },
  AllowEntry: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      org: { type: 'string' },
      text: {
        type: 'string',
        description: '规范化后的文字：此后在本单位，落在其出现范围内的同类命中项不再报告',
      },
      finding: { type: 'object', description: '被标记的命中项 { rule, category, field, start, end, text }' },
      draft: { type: 'string' },
      version: { type: 'integer' },
      reason: { type: 'string' },
      marked_by: person,
      marked_at: { type: 'string', format: 'date-time' },
    },
  },
  AuditEntry: {
    type: 'object',
    properties: {
      seq: { type: 'integer' },
      prev: { type: 'string' },
      hash: { type: 'string' },
      action: { type: 'string' },
      org: { type: 'string' },
      draft: { type: 'string' },
      actor: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
      version: { type: 'integer' },
      details: { type: 'object' },
    },
  },
};

// Logging in (issue 12 point 1): passwords, login links and desk sessions; the pages themselves are under /d/.
const nameParam = {
  name: 'name',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: '姓名',
};
const sessionIdParam = { ...idParam, description: '会话编号（会话列表中的 id）' };
const sessionsAnswer = json(
  {
    type: 'object',
    properties: {
      sessions: {
        type: 'array',
        items: {
          type: 'object',
          description:
            'id, method（password | link | wecom）, created, lastSeen, expires, userAgent, address, current（是否本次请求所用的会话）',
        },
      },
    },
  },
  '仍有效的网页登录会话，最近的在前',
);
const passwordSetAnswer = json(
  { type: 'object', properties: { password_set: { const: true } } },
  '密码已设置',
);
const endedAnswer = json({ type: 'object', properties: { ended: { const: true } } }, '会话已结束');

const LOGIN_PATHS: Json = {
  '/api/me/password': {
    post: {
      summary: '设置自己的网页登录密码（已有密码时须给出 current）；设置后其他会话与登录链接一并失效',
      requestBody: body(ownPasswordSchema, '新密码 password，原密码 current'),
      responses: { '200': passwordSetAnswer, ...errors(400, 401, 403) },
    },
  },
  '/api/me/sessions': {
    get: {
      summary: '我的网页登录会话（我的登录）',
      responses: { '200': sessionsAnswer, ...errors(401) },
    },
  },
  '/api/me/sessions/{id}': {
    parameters: [sessionIdParam],
    delete: {
      summary: '结束我的一个会话（记入审计链）',
      responses: { '200': endedAnswer, ...errors(401, 404) },
    },
  },
  '/api/me/login-link': {
    post: {
      summary: '给自己签发一个一次性登录链接（打开后进入工作台）',
      responses: {
        '201': json({ type: 'object', properties: { url: { type: 'string' } } }, '一次性登录链接'),
        ...errors(401),
      },
    },
  },
  '/api/orgs/{slug}/people/{name}/disable': {
    parameters: [slugParam, nameParam],
    post: {
      summary: '停用人员（本单位管理员）：其令牌、会话、登录链接与未用的审签链接立即失效',
      responses: {
        '200': json({ type: 'object', description: 'id, org, name, roles, disabled 等' }, '已停用的人员'),
        ...errors(401, 403, 404),
      },
    },
  },
  '/api/orgs/{slug}/people/{name}/password': {
    parameters: [slugParam, nameParam],
    post: {
      summary: '为人员设置网页登录密码（本单位管理员，记入审计链）：其会话与登录链接立即失效',
      requestBody: body(passwordSchema, '新密码'),
      responses: { '200': passwordSetAnswer, ...errors(400, 401, 403, 404) },
    },
  },
  '/api/orgs/{slug}/people/{name}/sessions': {
    parameters: [slugParam, nameParam],
    get: {
      summary: '人员的网页登录会话（本单位管理员）',
      responses: { '200': sessionsAnswer, ...errors(401, 403, 404) },
    },
  },
  '/api/orgs/{slug}/people/{name}/sessions/{id}': {
    parameters: [slugParam, nameParam, sessionIdParam],
    delete: {
      summary: '结束人员的一个会话（本单位管理员，记入审计链）',
      responses: { '200': endedAnswer, ...errors(401, 403, 404) },
    },
  },
};

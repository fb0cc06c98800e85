import { describe, expect, it } from 'vitest';
import type { CheckReport, Finding, Grade } from '../../src/domain/checks/finding.js';
import { GRADES } from '../../src/domain/checks/finding.js';
import type { DomainError } from '../../src/domain/domain-error.js';
import type { Person, Role } from '../../src/domain/people.js';
import { ROLES } from '../../src/domain/people.js';
import type { Result } from '../../src/domain/result.js';
import type { ReviewEffect, ReviewOutcome } from '../../src/domain/workflow/review-effects.js';
import type { ReviewEvent } from '../../src/domain/workflow/review-events.js';
import { decideReview } from '../../src/domain/workflow/review-machine.js';
import { canDecide } from '../../src/domain/workflow/review-guards.js';
import { refusedAuditEvent } from '../../src/domain/workflow/review-audit.js';
import { waitingStage, type ReviewState, type StageState } from '../../src/domain/workflow/review-state.js';
import type { WorkflowDefinition } from '../../src/domain/workflow/workflow-definition.js';

const stage = (id: string, role: Role, label: string) => ({ id, role, label });
const DEFINITION: WorkflowDefinition = {
  chains: {
    general: [stage('review', 'reviewer', '审核'), stage('sign', 'editor', '审签')],
    important: [stage('review', 'reviewer', '审核'), stage('sign', 'deputy', '审签')],
    major: [
      stage('review', 'reviewer', '审核'),
      stage('check', 'deputy', '复核'),
      stage('sign', 'principal', '审签'),
    ],
  },
  tails: {
    original: '拟稿：{drafter}　审核：{reviewer}　审签：{signer}',
    repost: '来源：{source}　审核：{reviewer}',
  },
};
const AT = '2025-03-01T08:00:00.000Z';
const HASH1 = 'a'.repeat(64);
const HASH2 = 'b'.repeat(64);

const person = (id: string, roles: Role[], outsourced = false): Person => ({
  id,
  org: 'cc',
  name: `名${id}`,
  roles,
  outsourced,
});
const DRAFTER = person('drafter', ['drafter']);
const report = (grade: Grade, extra: Partial<CheckReport> = {}): CheckReport => ({
  blocked: false,
  grade,
  findings: [],
  ...extra,
});
const reviewFinding = (rule: string): Finding => ({
  rule,
  category: 'privacy',
  action: 'review',
  field: 'body',
  start: 0,
  end: 2,
  text: '张三',
  message: '请确认',
});

function unwrap(result: Result<ReviewOutcome<ReviewState>, DomainError>): ReviewOutcome<ReviewState> {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.value;
}
const errorOf = (result: Result<unknown, DomainError>): DomainError | undefined =>
  result.ok ? undefined : result.error;
const decide = (state: ReviewState | undefined, event: ReviewEvent) => decideReview(state, event, DEFINITION);

function submit(
  grade: Grade,
  extra: Partial<CheckReport> = {},
  requestedGrade?: Grade,
): ReviewOutcome<ReviewState> {
  const event: ReviewEvent = {
    type: 'submit',
    draft: 'd1',
    by: DRAFTER,
    hash: HASH1,
    report: report(grade, extra),
    at: AT,
  };
  return unwrap(decide(undefined, requestedGrade ? { ...event, requestedGrade } : event));
}
const approverFor = (s: StageState): Person => person(`${s.id}-approver`, [s.role]);
const approve = (state: ReviewState, by: Person, extra: { acknowledged?: string[] } = {}) =>
  decide(state, { type: 'approve', by, version: state.version.number, at: AT, ...extra });
/** Approves the first `count` stages, each by a different person holding exactly that stage's role. */
function approveStages(state: ReviewState, count: number): ReviewState {
  return state.stages
    .slice(0, count)
    .reduce((current, s) => unwrap(approve(current, approverFor(s))).state, state);
}
const audits = (effects: ReviewEffect[]) =>
  effects.flatMap((effect) => (effect.type === 'append_audit' ? [effect.event.action] : []));
const nonAudit = (effects: ReviewEffect[]) => effects.filter((effect) => effect.type !== 'append_audit');

describe('review machine: submit', () => {
  it('starts review of version 1 at the first stage and notifies its role', () => {
    const { state, effects } = submit('major');
    expect(state).toMatchObject({
      draft: 'd1',
      org: 'cc',
      status: 'in_review',
      grade: 'major',
      checkerGrade: 'major',
    });
    expect(state.version).toEqual({ number: 1, hash: HASH1, author: { id: 'drafter', name: '名drafter' } });
    expect(state.stages.map((s) => [s.id, s.role, s.decision])).toEqual([
      ['review', 'reviewer', undefined],
      ['check', 'deputy', undefined],
      ['sign', 'principal', undefined],
    ]);
    expect(audits(effects)).toEqual(['created', 'checked']);
    expect(nonAudit(effects)).toEqual([{ type: 'notify' }]);
  });

  it('keeps a blocked draft, notifies nobody and refuses its approval', () => {
    const { state, effects } = submit('general', { blocked: true });
    expect(state.status).toBe('blocked');
    expect(nonAudit(effects)).toEqual([]);
    expect(errorOf(approve(state, approverFor(state.stages[0]!)))).toEqual({ code: 'draft_blocked' });
    const reject = {
      type: 'reject',
      by: approverFor(state.stages[0]!),
      version: 1,
      at: AT,
      comment: '改',
    } as const;
    expect(errorOf(decide(state, reject))).toEqual({ code: 'not_in_review', status: 'blocked' });
  });

  it.each([
    ['general', 'major', 'major'],
    ['important', 'general', 'important'],
    ['major', 'important', 'major'],
  ] as const)('checker %s with requested %s gives grade %s', (checker, requested, expected) => {
    const { state } = submit(checker, {}, requested);
    expect([state.grade, state.checkerGrade]).toEqual([expected, checker]);
  });

  it('refuses a submitter without the drafter role, a second submit and events before submit', () => {
    const event = {
      type: 'submit',
      draft: 'd1',
      by: person('r', ['reviewer']),
      hash: HASH1,
      report: report('general'),
      at: AT,
    } as const;
    expect(errorOf(decide(undefined, event))).toEqual({
      code: 'role_insufficient',
      required: 'drafter',
      actual: ['reviewer'],
    });
    expect(errorOf(decide(submit('general').state, { ...event, by: DRAFTER }))).toEqual({
      code: 'already_submitted',
    });
    expect(errorOf(decide(undefined, { type: 'approve', by: DRAFTER, version: 1, at: AT }))).toEqual({
      code: 'draft_not_submitted',
    });
  });
});

describe.each(GRADES)('review machine: every path for grade %s', (grade) => {
  const start = submit(grade).state;
  const chain = DEFINITION.chains[grade];

  it('walks to approved, notifying each next stage and publishing the approved version last', () => {
    let state = start;
    chain.forEach((s, index) => {
      const { state: next, effects } = unwrap(approve(state, approverFor(s)));
      const following = chain[index + 1];
      expect(next.stages[index]?.decision).toEqual({
        verdict: 'approved',
        by: { id: `${s.id}-approver`, name: `名${s.id}-approver` },
        at: AT,
      });
      expect(audits(effects)).toEqual(['approved']);
      expect(nonAudit(effects)).toEqual(following ? [{ type: 'notify' }] : [{ type: 'enqueue_publish' }]);
      expect(waitingStage(next)?.id).toBe(following?.id);
      expect(next.status).toBe(following ? 'in_review' : 'approved');
      state = next;
    });
    expect(errorOf(approve(state, person('late', ROLES.slice())))).toEqual({
      code: 'not_in_review',
      status: 'approved',
    });
  });

  it.each(chain.map((s, index) => [s.id, index] as const))(
    'rejects at stage %s and returns to the drafter',
    (_id, index) => {
      const state = approveStages(start, index);
      const by = approverFor(chain[index]!);
      const blank = { type: 'reject', by, version: 1, at: AT, comment: '  ' } as const;
      expect(errorOf(decide(state, blank))).toEqual({ code: 'comment_required' });
      const { state: next, effects } = unwrap(decide(state, { ...blank, comment: '数据有误' }));
      expect(next.status).toBe('rejected');
      expect(next.stages[index]?.decision).toMatchObject({ verdict: 'rejected', comment: '数据有误' });
      expect(audits(effects)).toEqual(['rejected']);
      expect(nonAudit(effects)).toEqual([{ type: 'return_to_drafter' }]);
    },
  );

  it.each(Array.from({ length: chain.length + 1 }, (_, index) => index))(
    'a new version after %i approvals voids them all and restarts at stage 1',
    (count) => {
      const state = approveStages(start, count);
      const event = {
        type: 'new_version',
        by: DRAFTER,
        baseVersion: 1,
        hash: HASH2,
        report: report(grade),
        at: AT,
      } as const;
      const { state: next, effects } = unwrap(decide(state, event));
      expect(next.version).toMatchObject({ number: 2, hash: HASH2 });
      expect(next.status).toBe('in_review');
      expect(next.stages.every((s) => s.decision === undefined)).toBe(true);
      expect(audits(effects)).toEqual(['new_version', 'checked']);
      const audit = effects[0]?.type === 'append_audit' ? effects[0].event.details : undefined;
      expect(audit?.voided).toEqual(chain.slice(0, count).map((s) => s.id));
      expect(nonAudit(effects)).toEqual([{ type: 'notify' }]);
      expect(errorOf(approve(next, approverFor(chain[0]!)))).toBeUndefined();
      expect(
        errorOf(decide(next, { type: 'approve', by: approverFor(chain[0]!), version: 1, at: AT })),
      ).toEqual({
        code: 'stale_version',
        current: 2,
        given: 1,
      });
      expect(errorOf(decide(next, { ...event, baseVersion: 1 }))).toEqual({
        code: 'stale_version',
        current: 2,
        given: 1,
      });
    },
  );
});

type Relation = 'fresh' | 'drafter' | 'decided_earlier';
type Verdict = 'approve' | 'reject';

/** The refusal expected for a person, in the documented guard order; undefined when allowed. */
function expectedRefusal(
  s: StageState,
  roles: Role[],
  outsourced: boolean,
  relation: Relation,
): DomainError | undefined {
  if (outsourced) return { code: 'outsourced_cannot_decide' };
  if (relation === 'drafter') return { code: 'approver_is_drafter' };
  if (!roles.includes(s.role)) return { code: 'role_insufficient', required: s.role, actual: roles };
  if (relation === 'decided_earlier') return { code: 'already_decided_earlier_stage', stage: 'review' };
  return undefined;
}

describe.each(GRADES)('review machine: role × stage × separation of duties, grade %s', (grade) => {
  const chain = DEFINITION.chains[grade];
  it.each(chain.map((s, index) => [s.id, index] as const))(
    'stage %s answers every combination exactly',
    (_id, index) => {
      const relations: Relation[] =
        index === 0 ? ['fresh', 'drafter'] : ['fresh', 'drafter', 'decided_earlier'];
      const expected: [string, string][] = [];
      const actual: [string, string][] = [];
      for (const role of ROLES) {
        for (const outsourced of [false, true]) {
          for (const relation of relations) {
            for (const verdict of ['approve', 'reject'] as Verdict[]) {
              const { state, by } = reach(grade, index, role, outsourced, relation);
              const event: ReviewEvent =
                verdict === 'approve'
                  ? { type: 'approve', by, version: 1, at: AT }
                  : { type: 'reject', by, version: 1, at: AT, comment: '退回' };
              const label = `${role}/${outsourced ? 'outsourced' : 'staff'}/${relation}/${verdict}`;
              expected.push([
                label,
                expectedRefusal(state.stages[index]!, [...by.roles], outsourced, relation)?.code ?? 'ok',
              ]);
              const result = decide(state, event);
              actual.push([label, result.ok ? 'ok' : result.error.code]);
              if (!result.ok && result.error.code === 'role_insufficient') {
                expect(result.error).toEqual(
                  expectedRefusal(state.stages[index]!, [...by.roles], outsourced, relation),
                );
              }
            }
          }
        }
      }
      expect(actual).toEqual(expected);
      expect(actual.filter(([, code]) => code === 'ok').length).toBeGreaterThan(0);
    },
  );
});

/** A draft at stage `index` and a person of the given kind trying to decide it. */
function reach(grade: Grade, index: number, role: Role, outsourced: boolean, relation: Relation) {
  let state = submit(grade).state;
  const first = state.stages[0]!;
  const earlier = person('earlier', [first.role, role]);
  state.stages.slice(0, index).forEach((s, at) => {
    state = unwrap(
      approve(state, at === 0 && relation === 'decided_earlier' ? earlier : approverFor(s)),
    ).state;
  });
  const by =
    relation === 'drafter'
      ? { ...DRAFTER, roles: ['drafter', role] as Role[], outsourced }
      : relation === 'decided_earlier'
        ? { ...earlier, outsourced }
        : person('candidate', [role], outsourced);
  return { state, by };
}

describe('review machine: other guards', () => {
  const start = submit('general').state;
  const reviewer = person('r1', ['reviewer']);

  it('refuses a person of another organisation', () => {
    expect(errorOf(approve(start, { ...reviewer, org: 'xy' }))).toEqual({
      code: 'wrong_org',
      org: 'cc',
      actual: 'xy',
    });
  });

  it('refuses a decision on a stage the draft has already left', () => {
    const state = approveStages(start, 1);
    const event = {
      type: 'approve',
      by: person('e', ['editor', 'reviewer']),
      version: 1,
      at: AT,
      stage: 'review',
    } as const;
    expect(errorOf(decide(state, event))).toEqual({
      code: 'stage_mismatch',
      current: 'sign',
      given: 'review',
    });
    expect(errorOf(decide(state, { ...event, stage: 'sign' }))).toBeUndefined();
  });

  it('refuses the author of a later version, not only the original drafter', () => {
    const colleague = person('colleague', ['drafter', 'reviewer']);
    const event = {
      type: 'new_version',
      by: colleague,
      baseVersion: 1,
      hash: HASH2,
      report: report('general'),
      at: AT,
    } as const;
    const { state } = unwrap(decide(start, event));
    expect(state.drafter.id).toBe('drafter');
    expect(errorOf(approve(state, colleague))).toEqual({ code: 'approver_is_drafter' });
  });

  it('takes a new version only from the drafter or the waiting stage’s holder, and never after publication', () => {
    const event = {
      type: 'new_version',
      by: person('e1', ['editor']),
      baseVersion: 1,
      hash: HASH2,
      report: report('general'),
      at: AT,
    } as const;
    expect(errorOf(decide(start, event))).toEqual({ code: 'revision_not_allowed' });
    expect(errorOf(decide(start, { ...event, by: person('d2', ['drafter']) }))).toEqual({
      code: 'revision_not_allowed',
    });
    expect(decide(start, { ...event, by: reviewer }).ok).toBe(true);
    const published: ReviewState = { ...start, status: 'published' };
    expect(errorOf(decide(published, { ...event, by: DRAFTER }))).toEqual({ code: 'already_published' });
  });

  it('leaves the given state untouched', () => {
    const frozen = structuredClone(start);
    unwrap(approve(start, reviewer));
    expect(start).toEqual(frozen);
  });

  it('describes a refused attempt as an audit event', () => {
    const event = { type: 'approve', by: DRAFTER, version: 1, at: AT } as const;
    expect(
      refusedAuditEvent({ org: 'cc', draft: 'd1', version: 1 }, event, { code: 'approver_is_drafter' }),
    ).toEqual({
      action: 'refused',
      org: 'cc',
      draft: 'd1',
      actor: 'drafter',
      at: AT,
      version: 1,
      details: { attempt: 'approve', version: 1, stage: undefined, error: { code: 'approver_is_drafter' } },
    });
  });
});

describe('review machine: findings to acknowledge (by rule id)', () => {
  const findings = [
    reviewFinding('privacy:name'),
    reviewFinding('leader:name'),
    reviewFinding('privacy:name'),
  ];
  const start = submit('general', { findings }).state;
  const reviewer = person('r1', ['reviewer']);

  it('lists the rules to acknowledge once each, sorted', () => {
    expect(start.reviewRules).toEqual(['leader:name', 'privacy:name']);
  });

  it.each([
    [[], ['leader:name', 'privacy:name']],
    [['privacy:name'], ['leader:name']],
    [['privacy:name', 'unknown:rule'], ['leader:name']],
  ])('refuses the reviewing stage that acknowledged %j, naming %j', (acknowledged, missing) => {
    expect(errorOf(approve(start, reviewer, { acknowledged }))).toEqual({
      code: 'review_findings_not_acknowledged',
      rules: missing,
    });
  });

  it('records the acknowledgement on the decision and lets later stages approve without one', () => {
    const acknowledged = ['privacy:name', 'leader:name', 'unknown:rule'];
    const { state } = unwrap(approve(start, reviewer, { acknowledged }));
    expect(state.acknowledged).toEqual(['leader:name', 'privacy:name']);
    expect(state.stages[0]?.decision?.acknowledged).toEqual(['leader:name', 'privacy:name']);
    expect(unwrap(approve(state, person('e', ['editor']))).state.status).toBe('approved');
  });

  it('asks again after a new version', () => {
    const { state } = unwrap(approve(start, reviewer, { acknowledged: ['privacy:name', 'leader:name'] }));
    const event = {
      type: 'new_version',
      by: DRAFTER,
      baseVersion: 1,
      hash: HASH2,
      report: report('general', { findings }),
      at: AT,
    } as const;
    const next = unwrap(decide(state, event)).state;
    expect(next.acknowledged).toEqual([]);
    expect(errorOf(approve(next, reviewer))).toMatchObject({ code: 'review_findings_not_acknowledged' });
  });
});

describe('review machine: raising the grade mid-chain', () => {
  const reviewed = approveStages(submit('general').state, 1);
  const raise = (state: ReviewState, by: Person, grade: Grade) =>
    decide(state, { type: 'raise_grade', by, grade, at: AT });

  it.each([
    ['important', ['review', 'sign'], 'sign', 'deputy'],
    ['major', ['review', 'check', 'sign'], 'check', 'deputy'],
  ] as const)('to %s keeps the review decision and waits for the next stage', (grade, ids, next, role) => {
    const { state, effects } = unwrap(raise(reviewed, person('e', ['editor']), grade));
    expect([state.grade, state.checkerGrade, state.requestedGrade]).toEqual([grade, 'general', grade]);
    expect(state.stages.map((s) => s.id)).toEqual(ids);
    expect(state.stages[0]?.decision?.by.id).toBe('review-approver');
    expect(state.stages.slice(1).every((s) => s.decision === undefined)).toBe(true);
    expect(audits(effects)).toEqual(['grade_raised']);
    expect(nonAudit(effects)).toEqual([{ type: 'notify' }]);
    expect(waitingStage(state)).toMatchObject({ id: next, role });
    expect(errorOf(approve(state, person('e2', ['editor'])))).toEqual({
      code: 'role_insufficient',
      required: role,
      actual: ['editor'],
    });
  });

  it('walks the extended chain to approval', () => {
    let state = unwrap(raise(reviewed, DRAFTER, 'major')).state;
    state = unwrap(approve(state, person('dep', ['deputy']))).state;
    const last = unwrap(approve(state, person('pri', ['principal'])));
    expect(last.state.status).toBe('approved');
    expect(nonAudit(last.effects)).toEqual([{ type: 'enqueue_publish' }]);
  });

  it('keeps a raised grade for later versions even if the checker grades lower', () => {
    const raised = unwrap(raise(reviewed, DRAFTER, 'important')).state;
    const event = {
      type: 'new_version',
      by: DRAFTER,
      baseVersion: 1,
      hash: HASH2,
      report: report('general'),
      at: AT,
    } as const;
    expect(unwrap(decide(raised, event)).state.grade).toBe('important');
  });

  it('drops a decision whose stage id now has another role', () => {
    const important = [stage('review', 'editor', '审核'), stage('sign', 'deputy', '审签')];
    const definition = { ...DEFINITION, chains: { ...DEFINITION.chains, important } };
    const event = { type: 'raise_grade', by: DRAFTER, grade: 'important', at: AT } as const;
    const { state } = unwrap(decideReview(reviewed, event, definition));
    expect(state.stages.map((s) => [s.id, s.role, s.decision])).toEqual([
      ['review', 'editor', undefined],
      ['sign', 'deputy', undefined],
    ]);
  });

  it('approves at once when the new chain has no stage left', () => {
    const definition = {
      ...DEFINITION,
      chains: { ...DEFINITION.chains, important: [stage('review', 'reviewer', '审核')] },
    };
    const result = unwrap(
      decideReview(reviewed, { type: 'raise_grade', by: DRAFTER, grade: 'important', at: AT }, definition),
    );
    expect(result.state.status).toBe('approved');
    expect(nonAudit(result.effects)).toEqual([{ type: 'enqueue_publish' }]);
  });

  it.each<[string, ReviewState, Person, Grade, DomainError]>([
    ['same grade', reviewed, DRAFTER, 'general', { code: 'grade_unchanged', grade: 'general' }],
    [
      'below the checker',
      submit('important').state,
      DRAFTER,
      'general',
      { code: 'grade_cannot_be_lowered', current: 'important', requested: 'general', floor: 'important' },
    ],
    [
      'below a raise',
      unwrap(raise(reviewed, DRAFTER, 'major')).state,
      DRAFTER,
      'important',
      { code: 'grade_cannot_be_lowered', current: 'major', requested: 'important', floor: 'general' },
    ],
    [
      'by someone off the chain',
      reviewed,
      person('p', ['principal']),
      'major',
      { code: 'not_on_chain', roles: ['reviewer', 'editor'] },
    ],
    [
      'by outsourced staff',
      reviewed,
      person('o', ['reviewer'], true),
      'major',
      { code: 'outsourced_cannot_decide' },
    ],
    [
      'after approval',
      approveStages(submit('general').state, 2),
      DRAFTER,
      'major',
      { code: 'not_in_review', status: 'approved' },
    ],
  ])('refuses a raise %s', (_name, state, by, grade, error) => {
    expect(errorOf(raise(state, by, grade))).toEqual(error);
  });
});

describe('review machine: stand-ins (代)', () => {
  const LEADER = person('leader', ['deputy']);
  const STAND_IN = person('stand-in', ['editor']);
  const reviewed = () => approveStages(submit('important').state, 1);
  const standIn = (state: ReviewState, by: Person, onBehalfOf: Person) =>
    decide(state, { type: 'approve', by, onBehalfOf, version: state.version.number, at: AT });

  it('lets a stand-in decide with the leader’s role, and records both', () => {
    const { state } = unwrap(standIn(reviewed(), STAND_IN, LEADER));
    expect(state.status).toBe('approved');
    expect(state.stages[1]?.decision).toMatchObject({
      by: { id: 'stand-in' },
      onBehalfOf: { id: 'leader', name: '名leader' },
    });
  });

  it('refuses a stand-in without a leader, for the drafter’s leader, and for a leader who decided a stage', () => {
    expect(errorOf(approve(reviewed(), STAND_IN))).toMatchObject({ code: 'role_insufficient' });
    expect(errorOf(standIn(reviewed(), STAND_IN, { ...LEADER, id: 'drafter' }))).toEqual({
      code: 'approver_is_drafter',
    });
    const reviewer = person('rev', ['reviewer', 'deputy']);
    const byLeader = unwrap(approve(submit('important').state, reviewer)).state;
    expect(errorOf(standIn(byLeader, STAND_IN, reviewer))).toEqual({
      code: 'already_decided_earlier_stage',
      stage: 'review',
    });
    expect(errorOf(standIn(reviewed(), DRAFTER, LEADER))).toEqual({ code: 'approver_is_drafter' });
  });
});

describe('review machine: stand-in in one call (leaders given to the machine)', () => {
  const LEADER = person('leader', ['deputy']);
  const STAND_IN = person('stand-in', ['editor']);
  const reviewed = () => approveStages(submit('important').state, 1);
  const withLeaders = (state: ReviewState, by: Person, leaders: Person[]) =>
    decide(state, { type: 'approve', by, leaders, version: state.version.number, at: AT });

  it('decides as 代 for the leader whose stage waits, and as themselves when their own role suffices', () => {
    const other = person('other', ['reviewer']);
    const { state } = unwrap(withLeaders(reviewed(), STAND_IN, [other, LEADER]));
    expect(state.stages[1]?.decision).toMatchObject({ by: { id: 'stand-in' }, onBehalfOf: { id: 'leader' } });
    const own = unwrap(withLeaders(reviewed(), person('dep', ['deputy']), [LEADER])).state;
    expect(own.stages[1]?.decision?.onBehalfOf).toBeUndefined();
  });

  it('keeps the stand-in’s own refusal when no leader’s stage waits', () => {
    expect(errorOf(withLeaders(reviewed(), STAND_IN, [person('other', ['reviewer'])]))).toEqual({
      code: 'role_insufficient',
      required: 'deputy',
      actual: ['editor'],
    });
  });

  it('refuses a stand-in more than one level below the stage, however senior the leader', () => {
    const reviewerStandIn = person('junior', ['reviewer']);
    expect(errorOf(withLeaders(reviewed(), reviewerStandIn, [LEADER]))).toEqual({
      code: 'role_insufficient',
      required: 'deputy',
      actual: ['reviewer'],
    });
  });

  it('still asks what the verdict needs when deciding as 代', () => {
    const state = reviewed();
    const blank = {
      type: 'reject',
      by: STAND_IN,
      leaders: [LEADER],
      version: 1,
      at: AT,
      comment: ' ',
    } as const;
    expect(errorOf(decide(state, blank))).toEqual({ code: 'comment_required' });
  });
});

describe('review machine: canDecide', () => {
  const LEADER = person('leader', ['deputy']);
  const STAND_IN = person('stand-in', ['editor']);
  const start = submit('important').state;
  const reviewed = approveStages(start, 1);

  it('answers for whom the waiting stage is the person’s to decide', () => {
    expect(canDecide(start, person('rev', ['reviewer']))).toEqual({});
    expect(canDecide(reviewed, STAND_IN, [person('x', ['reviewer']), LEADER])).toEqual({
      onBehalfOf: LEADER,
    });
    expect(canDecide(reviewed, STAND_IN, [person('x', ['reviewer'])])).toBeUndefined();
    expect(canDecide(reviewed, STAND_IN)).toBeUndefined();
  });

  it('refuses the drafter, outsiders, outsourced people and whoever decided an earlier stage', () => {
    expect(canDecide(start, DRAFTER, [person('rev', ['reviewer'])])).toBeUndefined();
    expect(canDecide(start, { ...person('rev', ['reviewer']), org: 'other' })).toBeUndefined();
    expect(canDecide(start, person('rev', ['reviewer'], true))).toBeUndefined();
    const reviewer = person('rev', ['reviewer', 'deputy']);
    const byReviewer = unwrap(approve(start, reviewer)).state;
    expect(canDecide(byReviewer, reviewer)).toBeUndefined();
    expect(canDecide(byReviewer, STAND_IN, [reviewer])).toBeUndefined();
  });

  it('ignores what the verdict needs (findings still to acknowledge) and answers nothing outside review', () => {
    const findings = submit('general', { findings: [reviewFinding('privacy.id')] }).state;
    expect(canDecide(findings, person('rev', ['reviewer']))).toEqual({});
    const approved = approveStages(start, 2);
    expect(approved.status).toBe('approved');
    expect(canDecide(approved, person('dep', ['deputy']))).toBeUndefined();
  });
});

describe('review machine: publishing events', () => {
  const approved = approveStages(submit('general').state, 2);
  const published = (state: ReviewState, version = 1) =>
    decide(state, { type: 'published', version, at: AT });
  const FAILURE = { code: '10017', explanation: '链接不在安全域名内' };
  const failed = (state: ReviewState, version = 1, target = 'wechat:main') =>
    decide(state, { type: 'publish_failed', version, target, ...FAILURE, at: AT });
  const ADMIN = person('adm', ['admin']);
  const retry = (state: ReviewState, by: Person = ADMIN, target = 'wechat:main', version = 1) =>
    decide(state, { type: 'retry_publish', by, version, target, at: AT });

  it('publishes an approved draft with no other effect, and changes nothing the second time', () => {
    const { state, effects } = unwrap(published(approved));
    expect(state).toEqual({ ...approved, status: 'published' });
    expect(effects).toEqual([]);
    const again = unwrap(published(state));
    expect(again.state).toBe(state);
    expect(again.effects).toEqual([]);
  });

  it('refuses to publish a draft not approved, or another version', () => {
    const inReview = submit('general').state;
    expect(errorOf(published(inReview))).toEqual({ code: 'not_approved', status: 'in_review' });
    expect(errorOf(published(approved, 2))).toEqual({ code: 'stale_version', current: 1, given: 2 });
  });

  it('marks the draft publish_failed with the failed target and its code, once per target', () => {
    const { state, effects } = unwrap(failed(approved));
    expect(state).toEqual({
      ...approved,
      status: 'publish_failed',
      failedTargets: [{ target: 'wechat:main', ...FAILURE }],
    });
    expect(effects).toEqual([]);
    const twice = unwrap(failed(unwrap(failed(state, 1, 'weibo:main')).state));
    expect(twice.state.failedTargets?.map((f) => f.target)).toEqual(['weibo:main', 'wechat:main']);
    expect(errorOf(failed(approved, 2))).toEqual({ code: 'stale_version', current: 1, given: 2 });
    expect(errorOf(failed(submit('general').state))).toEqual({ code: 'not_approved', status: 'in_review' });
  });

  it('publishes a publish_failed draft once every target is published, and forgets its failures', () => {
    const { state } = unwrap(published(unwrap(failed(approved)).state));
    expect(state.status).toBe('published');
    expect(state.failedTargets).toBeUndefined();
  });

  it('retries a failed target: approved again, a new round, audited with the failure it follows', () => {
    const { state, effects } = unwrap(retry(unwrap(failed(approved)).state));
    expect(state.status).toBe('approved');
    expect(state.failedTargets).toEqual([]);
    expect(state.retries).toEqual({ 'wechat:main': 1 });
    expect(nonAudit(effects)).toEqual([{ type: 'enqueue_publish' }]);
    expect(audits(effects)).toEqual(['publish_retried']);
    expect(effects[0]).toMatchObject({
      event: {
        actor: 'adm',
        version: 1,
        details: {
          target: 'wechat:main',
          round: 1,
          previous_code: '10017',
          previous_explanation: FAILURE.explanation,
        },
      },
    });
    const second = unwrap(retry(unwrap(failed(state)).state));
    expect(second.state.retries).toEqual({ 'wechat:main': 2 });
  });

  it('stays publish_failed while another target is still failed', () => {
    const both = unwrap(failed(unwrap(failed(approved, 1, 'weibo:main')).state)).state;
    const { state } = unwrap(retry(both, ADMIN, 'weibo:main'));
    expect(state.status).toBe('publish_failed');
    expect(state.failedTargets?.map((f) => f.target)).toEqual(['wechat:main']);
  });

  it('lets administrators and the deciders of the chain retry, nobody else, and only a failed target', () => {
    const broken = unwrap(failed(approved)).state;
    expect(unwrap(retry(broken, person('rev', ['reviewer']))).state.status).toBe('approved');
    expect(unwrap(retry(broken, person('ed', ['editor']))).state.status).toBe('approved');
    expect(errorOf(retry(broken, DRAFTER))).toEqual({ code: 'publishing_not_allowed' });
    expect(errorOf(retry(broken, person('op', ['reviewer'], true)))).toEqual({
      code: 'publishing_not_allowed',
    });
    expect(errorOf(retry(broken, person('boss', ['principal'])))).toEqual({ code: 'publishing_not_allowed' });
    expect(errorOf(retry(broken, { ...ADMIN, org: 'other' }))).toMatchObject({ code: 'wrong_org' });
    expect(errorOf(retry(broken, ADMIN, 'weibo:main'))).toEqual({
      code: 'target_not_failed',
      target: 'weibo:main',
      status: 'publish_failed',
    });
    expect(errorOf(retry(approved))).toMatchObject({ code: 'target_not_failed', status: 'approved' });
    expect(errorOf(retry(broken, ADMIN, 'wechat:main', 2))).toMatchObject({ code: 'stale_version' });
  });
});

describe('review machine: withdrawing a scheduled publication', () => {
  const approved = approveStages(submit('general').state, 2);
  const cancel = (state: ReviewState, by: Person, extra: { version?: number; comment?: string } = {}) =>
    decide(state, {
      type: 'cancel_schedule',
      by,
      version: extra.version ?? 1,
      comment: extra.comment ?? '突发灾情，暂停发布活动通知',
      at: AT,
    });

  it('withdraws the approved version, names who and why, and cancels what waited for it', () => {
    const { state, effects } = unwrap(cancel(approved, person('ed', ['editor'])));
    expect(state.status).toBe('withdrawn');
    expect(state.withdrawal).toEqual({
      by: { id: 'ed', name: '名ed' },
      at: AT,
      comment: '突发灾情，暂停发布活动通知',
    });
    expect(audits(effects)).toEqual(['schedule_cancelled']);
    expect(nonAudit(effects)).toEqual([{ type: 'cancel_publishing' }]);
  });

  it('lets the drafter put a new version on a withdrawn draft, which starts review again', () => {
    const withdrawn = unwrap(cancel(approved, person('adm', ['admin']))).state;
    const { state } = unwrap(
      decide(withdrawn, {
        type: 'new_version',
        by: DRAFTER,
        baseVersion: 1,
        hash: HASH2,
        report: report('general'),
        at: AT,
      }),
    );
    expect([state.status, state.version.number, state.withdrawal]).toEqual(['in_review', 2, undefined]);
  });

  it('refuses the drafter, outsourced operators, a draft not approved, an old version and no reason', () => {
    const editor = person('ed', ['editor']);
    expect(errorOf(cancel(approved, DRAFTER))).toEqual({ code: 'publishing_not_allowed' });
    expect(errorOf(cancel(approved, person('op', ['editor'], true)))).toEqual({
      code: 'publishing_not_allowed',
    });
    expect(errorOf(cancel(submit('general').state, editor))).toEqual({
      code: 'not_approved',
      status: 'in_review',
    });
    expect(errorOf(cancel(approved, editor, { version: 2 }))).toMatchObject({ code: 'stale_version' });
    expect(errorOf(cancel(approved, editor, { comment: '  ' }))).toEqual({ code: 'comment_required' });
  });
});

describe('review machine: the drafter withdraws (撤回)', () => {
  const start = submit('general').state;
  const withdraw = (state: ReviewState, by: Person = DRAFTER, version = 1) =>
    decide(state, { type: 'withdraw', by, version, comment: '数据有误', at: AT });

  it('withdraws a draft nobody decided on yet, in review or blocked, and records it', () => {
    const { state, effects } = unwrap(withdraw(start));
    expect(state.status).toBe('withdrawn');
    expect(state.withdrawal).toEqual({
      by: { id: 'drafter', name: '名drafter' },
      at: AT,
      comment: '数据有误',
    });
    expect(audits(effects)).toEqual(['withdrawn']);
    expect(nonAudit(effects)).toEqual([]);
    const blocked = submit('general', { blocked: true }).state;
    expect(unwrap(withdraw(blocked)).state.status).toBe('withdrawn');
  });

  it('refuses anyone but the drafter, a decided stage, an old version and a draft not in review', () => {
    expect(errorOf(withdraw(start, person('rev', ['reviewer'])))).toEqual({ code: 'withdraw_not_allowed' });
    const reviewed = unwrap(approve(start, approverFor(start.stages[0]!))).state;
    expect(errorOf(withdraw(reviewed))).toEqual({ code: 'review_started', stage: '审核' });
    expect(errorOf(withdraw(start, DRAFTER, 2))).toMatchObject({ code: 'stale_version' });
    const withdrawn = unwrap(withdraw(start)).state;
    expect(errorOf(withdraw(withdrawn))).toEqual({ code: 'not_in_review', status: 'withdrawn' });
  });
});

/** Small valid records of every kind the store keeps. */
import type {
  AuditInput, Conversation, Decision, EvaluationRecord, LastDone, OutboxMessage, Pairing, ReviewWindow, Submission, Trust,
} from '../../src/store/records.js';

export const trust: Trust = {
  id: 'ethos',
  name: 'Ethos Academy Trust',
  rubricId: 'ethos',
  schools: [{ id: 'reach-academy', name: 'Reach Academy', aliases: ['Reach'] }],
  people: [
    { id: 'ceo', name: 'Chief Executive Officer', title: 'Chief Executive Officer', roles: ['ceo'], schoolIds: [], teams: { aadObjectId: 'aad-1' } },
    { id: 'head-reach-academy', name: 'Headteacher, Reach Academy', title: 'Headteacher', roles: ['head'], schoolIds: ['reach-academy'] },
  ],
  leadershipChannel: { teams: 'channel:leadership' },
};

export const window: ReviewWindow = {
  id: '2026-27-autumn',
  academicYear: '2026-27',
  term: 'autumn',
  opensOn: '2026-11-16',
  closesOn: '2026-12-04',
  state: 'open',
  openedAt: '2026-11-16T08:00:00.000+00:00',
};

export function submission(n = 1, schoolId = 'reach-academy'): Submission {
  return {
    id: `submission-${schoolId}-${n}`,
    schoolId,
    windowId: `window-${n}`,
    rubricId: 'ethos',
    state: 'draft',
    answers: {
      ratings: { leadership: 'assured' },
      indicators: { attendance: 81.5, transitions: { low: { middle: 3, high: 1 } } },
      statements: { scr_compliant: true },
      notes: { leadership: 'Governance review done in October.' },
    },
    version: 1,
    updatedAt: '2026-11-20T10:15:00.000+00:00',
    updatedBy: `head-${schoolId}`,
  };
}

export const evaluation: EvaluationRecord = {
  id: 'evaluation-1',
  submissionId: 'submission-reach-academy-1',
  schoolId: 'reach-academy',
  windowId: 'window-1',
  at: '2026-11-20T10:16:00.000+00:00',
  evaluation: {
    rubric: 'ethos', indicators: {}, areas: {}, groups: {}, flags: [], recommendations: [],
    category: {
      id: 'improve', name: 'Improve', rule: 'improve', reason: 'Attendance is below the trust\'s aim.', facts: ['Attendance 81.5%'],
      provenance: { kind: 'trust', source: null, trust: 'The trust\'s reading.', line: 'The trust\'s reading.' },
    },
    undetermined: null, change: null, missing: [], complete: true,
  },
};

export const decision: Decision = {
  id: 'decision-1',
  schoolId: 'reach-academy',
  windowId: 'window-1',
  category: 'repair',
  proposed: 'improve',
  previous: 'stabilise',
  kind: 'overridden',
  rationale: 'Two new senior leaders started this term.',
  priorities: ['attendance'],
  decidedBy: 'ceo',
  decidedAt: '2026-12-08T10:00:00.000+00:00',
};

export const pairing: Pairing = {
  decisionId: 'decision-1',
  schoolId: 'reach-academy',
  windowId: 'window-1',
  area: 'attendance',
  peerSchoolId: 'engage-academy',
  confirmedBy: 'ceo',
  confirmedAt: '2026-12-08T10:05:00.000+00:00',
  answer: 'awaited',
};

export const conversation: Conversation = {
  key: 'person:ceo',
  platform: 'teams',
  reference: { conversation: { id: 'a:1' }, serviceUrl: 'http://localhost:56150/_connector' },
  updatedAt: '2026-11-20T09:00:00.000+00:00',
};

export const lastDone: LastDone = { schoolId: 'reach-academy', activityId: 'governance_review', date: '2025-10-14' };

export function message(n = 1, key = `reminder:reach-academy:window-1:${n}`): OutboxMessage {
  return {
    id: `message-${n}`,
    idempotencyKey: key,
    platform: 'teams',
    to: 'person:head-reach-academy',
    payload: { text: `Reminder ${n}` },
    state: 'pending',
    attempts: 0,
    createdAt: '2026-11-23T08:30:00.000+00:00',
  };
}

export function audit(subject: string, at = '2026-11-20T10:15:00.000+00:00'): AuditInput {
  return { at, actor: 'head-reach-academy', action: 'test', subject };
}

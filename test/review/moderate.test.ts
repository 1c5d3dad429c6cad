import { describe, expect, it } from 'vitest';
import type { View } from '../../src/review/views.js';
import { CEO, demoContext, fill, REACH_HEAD } from './harness.js';

const DIRECTOR = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000027' } as const;

/** Red attendance, behaviour and reading figures: three holistic measures at Intervention required. */
const FIGURES: Record<string, number> = {
  attendance: 45, value_added: 4, persistent_absence: 60, severe_absence: 20, suspension_rate: 30,
  repeat_suspensions: 5, partial_timetables: 5, serious_incident_rate: 550, rpi_rate: 100,
  reading_progress: 30, writing_progress: 55, maths_progress: 58,
};


function expectKind<K extends View['kind']>(view: View, kind: K): Extract<View, { kind: K }> {
  expect(view.kind, JSON.stringify(view).slice(0, 400)).toBe(kind);
  return view as Extract<View, { kind: K }>;
}

async function submitted() {
  const harness = await demoContext();
  const { service, outbound } = harness;
  expectKind(await service.handleText(CEO, '/review open'), 'notice');
  let view: View = await service.handleText(REACH_HEAD, 'review');
  while (view.kind === 'questionnaire') view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view, 'assured', (id) => String(FIGURES[id])) });
  const summary = expectKind(view, 'summary');
  await service.handleAction(REACH_HEAD, 'review.submit', { schoolId: 'reach-academy', windowId: summary.window.id, version: summary.version });
  const proposal = expectKind(outbound.toLeadership().at(-1)!, 'proposal');
  return { ...harness, proposal, windowId: summary.window.id };
}

describe('moderation before deciding', () => {
  it('proposes from the figures, not the all-Assured self-rating, and shows the three levels side by side', async () => {
    const { proposal } = await submitted();
    expect(proposal).toMatchObject({ category: { id: 'stabilise' }, rule: 'holistic_progress_below_average' });
    expect(proposal.basis).toMatch(/^This is the trust's own choice, not the framework's rule: "Below average" is read as at least three/);
    expect(proposal.lines.find((l) => l.area === 'attendance')).toMatchObject({ self: 'Assured', evidence: 'Intervention required', agreed: '—', used: 'evidence' });
    expect(proposal.flags).toContain('Attendance: the figures point to Intervention required (Attendance 45%; Overall value added 4%), while the self-rating is Assured.');
    expect(proposal.moderation.areas[0]).toEqual({ value: 'behaviour', title: 'Behaviour' });
    // Before the decision, the peers strong where the figures are weak (paired once decided).
    expect(proposal.peers?.length).toBeGreaterThan(0);
    for (const line of proposal.peers!) expect(line).toMatch(/^.+ \(Intervention required\) → .+: Assured for its last \d reviews$/);
    expect(proposal.peers!.join('\n')).not.toContain('→ Reach Academy');
  });

  it('/status shows the proposal awaiting a decision, what it rests on, and where self-rating and evidence differ', async () => {
    const { service } = await submitted();
    const status = expectKind(await service.handleText(CEO, '/status Reach Academy'), 'status');
    expect(status.basis).toMatch(/^Proposed STABILISE, awaiting a decision\. This is the trust's own choice, not the framework's rule/);
    expect(status.flags).toContain('Attendance: the figures point to Intervention required (Attendance 45%; Overall value added 4%), while the self-rating is Assured.');
    expect(status.context).toContain('Current Ofsted judgement: Requires improvement');
  });

  it('recomputes the proposal on a level the Director of Education agrees, and keeps who, why and when with the decision and in the audit log', async () => {
    const { service, store, proposal, windowId } = await submitted();
    const reason = 'Attendance has recovered since October; the autumn figure includes the flood closure.';
    const moderated = expectKind(await service.handleAction(DIRECTOR, 'decision.moderate', { schoolId: 'reach-academy', windowId, proposalId: proposal.proposalId, area: 'attendance', level: 'not_yet_assured', reason }), 'proposal');
    // The card moderated is replaced by the recomputed proposal: a press on the old one changes nothing.
    const stale = expectKind(await service.handleAction(CEO, 'decision.moderate', { schoolId: 'reach-academy', windowId, proposalId: proposal.proposalId, area: 'behaviour', level: 'assured', reason }), 'refusal');
    expect(stale.message).toContain('is no longer the open one');
    expect(moderated).toMatchObject({ category: { id: 'repair' }, rule: 'progress_inconsistent' });
    expect(moderated.notice).toBe('Director of Education agreed Attendance at Not yet assured (self-rating Assured, evidence Intervention required).');
    expect(moderated.lines.find((l) => l.area === 'attendance')).toEqual({
      area: 'attendance', name: 'Attendance', self: 'Assured', evidence: 'Intervention required',
      agreed: `Not yet assured (Director of Education: ${reason})`, used: 'agreed',
    });
    expect(proposal.category.id).toBe('stabilise');

    const decided = expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: 'reach-academy', windowId, proposalId: moderated.proposalId }), 'decision');
    expect(decided.category.id).toBe('repair');
    expect(decided.reasons).toContain(`Agreed at moderation: Attendance at Not yet assured, by Director of Education: ${reason}`);
    const decision = (await store.listDecisions({ schoolId: 'reach-academy', windowId }))[0]!;
    expect(decision.agreed).toEqual({ attendance: { level: 'not_yet_assured', by: 'director-of-education', reason, at: '2026-11-30T09:00:00.000Z' } });
    const audit = await store.listAudit();
    expect(audit.find((a) => a.action === 'moderation.agreed')).toMatchObject({
      actor: 'director-of-education',
      detail: { area: 'attendance', level: 'not_yet_assured', reason, selfRating: 'assured', evidence: 'intervention_required', proposedBefore: 'stabilise', proposedAfter: 'repair' },
    });
    expect(audit.filter((a) => a.action === 'decision.confirmed').at(-1)?.detail).toMatchObject({ agreed: { attendance: { level: 'not_yet_assured' } } });
  });

  it('refuses a head, a missing reason, a level not on the line\'s scale and a decided review, changing nothing', async () => {
    const { service, store, windowId } = await submitted();
    const before = (await store.latestEvaluation('reach-academy', windowId))!.id;
    expect(expectKind(await service.handleAction(CEO, 'decision.moderate', { schoolId: 'reach-academy', windowId, area: 'attendance', level: 'assured', reason: 'A sound reason for it.' }), 'refusal').message).toContain('does not say which proposal');
    const ask = (who: typeof CEO | typeof REACH_HEAD, data: Record<string, unknown>) => service.handleAction(who, 'decision.moderate', { schoolId: 'reach-academy', windowId, proposalId: before, ...data });
    expect(expectKind(await ask(REACH_HEAD, { area: 'attendance', level: 'assured', reason: 'The figures are wrong, honestly.' }), 'refusal').message).toContain('CEO or the Director of Education');
    expect(expectKind(await ask(CEO, { area: 'attendance', level: 'assured', reason: 'ok' }), 'refusal').message).toContain('Say why');
    expect(expectKind(await ask(CEO, { area: 'attendance', level: 'excellent', reason: 'A sound reason for it.' }), 'refusal').message).toBe('"excellent" is not a level of Attendance; choose one of: intervention_required, not_yet_assured, assured');
    expect(expectKind(await ask(CEO, { level: 'assured', reason: 'A sound reason for it.' }), 'refusal').message).toContain('Choose the line');
    expect(expectKind(await ask(CEO, { area: 'attendance', reason: 'A sound reason for it.' }), 'refusal').message).toBe('Choose the level you agree for Attendance.');
    expect((await store.latestEvaluation('reach-academy', windowId))!.id).toBe(before);
    expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: 'reach-academy', windowId, proposalId: before }), 'decision');
    expect(expectKind(await ask(CEO, { area: 'attendance', level: 'assured', reason: 'A sound reason for it.' }), 'refusal').message).toContain('already decided');
  });
});

describe('context facts from chat', () => {
  it('shows a school\'s context, lets the CEO change it, and refuses a bad answer or a head, changing nothing', async () => {
    const { service, store } = await demoContext();
    const shown = expectKind(await service.handleText(CEO, '/context Reach Academy'), 'notice');
    expect(shown.lines).toEqual(expect.arrayContaining(['Current Ofsted judgement: Requires improvement', 'Date the school joined the trust: 2019-04-01']));
    expect(expectKind(await service.handleText(CEO, '/context Reach Academy ofsted inadequate'), 'refusal').message).toContain('"inadequate" is not an answer to "Current Ofsted judgement"');
    expect(expectKind(await service.handleText(REACH_HEAD, '/context Reach Academy ofsted good'), 'refusal').message).toContain('trust leadership');
    const saved = expectKind(await service.handleText(CEO, '/context Reach Academy ofsted special_measures'), 'notice');
    expect(saved.lines).toContain('Current Ofsted judgement: Special measures');
    expect((await store.getTrust())!.schools.find((s) => s.id === 'reach-academy')!.context).toEqual({ ofsted: 'special_measures', joined_trust: '2019-04-01' });
    expect((await store.listAudit()).at(-1)).toMatchObject({ action: 'school.context', subject: 'school:reach-academy' });
  });
});

import { describe, expect, it } from 'vitest';
import type { View } from '../../src/review/views.js';
import { CEO, demoContext, ENGAGE_HEAD, fill, REACH_HEAD, STRANGER } from './harness.js';

function expectKind<K extends View['kind']>(view: View, kind: K): Extract<View, { kind: K }> {
  expect(view.kind, JSON.stringify(view).slice(0, 400)).toBe(kind);
  return view as Extract<View, { kind: K }>;
}

async function openWindow(service: Awaited<ReturnType<typeof demoContext>>['service']) {
  return expectKind(await service.handleText(CEO, '/review open'), 'notice');
}

describe('a termly review, end to end through the use-cases', () => {
  it('opens the window, collects the head\'s answers step by step, proposes, and records the CEO\'s decision', async () => {
    const { service, outbound, store } = await demoContext();

    expect(expectKind(await service.handleText(REACH_HEAD, 'review'), 'refusal').message).toContain('No review window is open');

    const opened = await openWindow(service);
    expect(opened.title).toBe('Autumn term 2026-27 review opened');
    const dms = outbound.sent.filter((m) => m.to.kind === 'person');
    expect(dms.map((m) => (m.to.kind === 'person' ? m.to.personId : '')).sort()).toEqual([
      'head-elements-academy', 'head-engage-academy', 'head-enrich-academy', 'head-ethos-college', 'head-evolve-academy', 'head-reach-academy',
    ]);
    expect(expectKind(dms[0]!.view, 'notice').action?.verb).toBe('review.start');

    let view: View = await service.handleText(REACH_HEAD, 'review');
    let q = expectKind(view, 'questionnaire');
    expect(q.school.name).toBe('Reach Academy');
    expect(q.progress).toBe('0 of 14 areas rated · 0 of 12 figures given');
    expect(q.items[0]).toMatchObject({ kind: 'area', name: 'Behaviour' });
    // The rubric's descriptors are the choices, best level first.
    const behaviour = q.items[0]!;
    if (behaviour.kind !== 'area') throw new Error('expected an area');
    expect(behaviour.choices[0]!.title).toMatch(/^Assured: Restorative practice is embedded/);

    while (view.kind === 'questionnaire') {
      q = view;
      view = await service.handleAction(REACH_HEAD, 'review.step', {
        schoolId: q.school.id, windowId: q.window.id, step: q.step, version: q.version, action: 'next', ...fill(q),
      });
    }
    const summary = expectKind(view, 'summary');
    expect(summary.canSubmit).toBe(true);
    expect(summary.proposal?.category.name).toBe('REPAIR');
    expect(summary.proposal?.change).toBe('was IMPROVE: more support');

    // Going back from the summary shows the saved answers and changes nothing.
    const audit = (await store.listAudit()).length;
    const back = expectKind(await service.handleAction(REACH_HEAD, 'review.goto', { schoolId: summary.school.id, windowId: summary.window.id, step: 0 }), 'questionnaire');
    expect(back.step).toBe(0);
    expect(back.items[0]).toMatchObject({ kind: 'area', value: 'not_yet_assured' });
    expect(back.version).toBe(summary.version);
    expect((await store.listAudit()).length).toBe(audit);

    const submitted = expectKind(await service.handleAction(REACH_HEAD, 'review.submit', { schoolId: summary.school.id, windowId: summary.window.id, version: summary.version }), 'summary');
    expect(submitted.state).toBe('submitted');
    const proposal = expectKind(outbound.toLeadership().at(-1)!, 'proposal');
    expect(proposal).toMatchObject({ school: { name: 'Reach Academy' }, category: { name: 'REPAIR' }, previous: { name: 'IMPROVE' } });
    expect(proposal.reason.length).toBeGreaterThan(20);

    const decision = expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: 'reach-academy', windowId: proposal.window.id, proposalId: proposal.proposalId }), 'decision');
    expect(decision.headline).toBe('Reach Academy: IMPROVE → REPAIR');
    expect(decision.schedule.term).toBe('Spring term 2026-27');
    expect(decision.schedule.items.length).toBeGreaterThan(10);
    expect(decision.schedule.items.every((i) => i.date >= '2027-01-04' && i.date <= '2027-03-26' && i.owner)).toBe(true);
    // Summarised by activity in the seed's words, days in halves, dates as people read them.
    expect(decision.schedule).toMatchObject({ fromText: 'Mon 4 Jan', toText: 'Thu 25 Mar' });
    expect(decision.schedule.summary.find((l) => l.title.startsWith('Engagement from Education Improvement Professionals'))).toMatchObject({
      owner: 'Education Improvement Professionals', often: '12 days a year', amount: '4 days this term', first: expect.stringMatching(/^(Mon|Tue|Wed|Thu|Fri) \d{1,2} (Jan|Feb|Mar)$/),
    });
    expect(decision.schedule.summary.find((l) => l.title.startsWith('Engagement from HR professionals'))).toMatchObject({ often: 'up to 10 days a year', amount: 'up to 3½ days this term' });
    expect(decision.schedule.summary.find((l) => l.title === '1:1 wellbeing meeting with the CEO')).toMatchObject({ often: 'half-termly', amount: 'twice this term' });
    expect(decision.schedule.onRequest.map((i) => i.title)).toEqual(expect.arrayContaining(['External reviews if required', 'Possibility of Executive Headteacher support in place to secure rapid improvement']));
    const shown = decision.schedule;
    expect(JSON.stringify([shown.summary, shown.onRequest, shown.items.map((i) => i.daysText)])).not.toMatch(/\d\.\d/);
    expect(shown.items.filter((i) => i.days === 0.5).map((i) => i.daysText)).toEqual(['up to ½ day']);
    expect(decision.ics.content).toContain('BEGIN:VCALENDAR');
    expect(expectKind(outbound.toLeadership().at(-1)!, 'decision').headline).toBe('Reach Academy: IMPROVE → REPAIR');

    // Pressing Confirm again records and posts nothing new.
    const posts = outbound.sent.length;
    await service.handleAction(CEO, 'decision.confirm', { schoolId: 'reach-academy', windowId: proposal.window.id, proposalId: proposal.proposalId });
    expect(outbound.sent.length).toBe(posts);
    expect((await store.listDecisions({ schoolId: 'reach-academy' })).length).toBe(4);

    const status = expectKind(await service.handleText(CEO, '/status Reach Academy'), 'status');
    expect(status.category?.name).toBe('REPAIR');
    expect(status.arrow).toBe('↓');
    expect(status.trend.map((t) => t.category.name)).toEqual(['STABILISE', 'REPAIR', 'IMPROVE', 'REPAIR']);
    expect(status.submission?.state).toBe('decided');
    // The support in place, in the same words as the decision post.
    expect(status.support).toContainEqual({
      title: 'Engagement from Education Improvement Professionals (from within and beyond the Trust as required)',
      owner: 'Education Improvement Professionals',
      when: expect.stringMatching(/^12 days a year · from (Mon|Tue|Wed|Thu|Fri) \d{1,2} Jan · 4 days this term$/),
    });
    expect(status.support).toContainEqual({ title: 'External reviews if required', owner: 'School Improvement Team', when: 'on request' });
  });

  it('refuses an out-of-range figure on the card, names why, and saves nothing from the step', async () => {
    const { service, store } = await demoContext();
    await openWindow(service);
    let view: View = await service.handleText(REACH_HEAD, 'review');
    while (view.kind === 'questionnaire' && !view.items.some((i) => i.kind === 'indicator')) {
      view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view) });
    }
    const q = expectKind(view, 'questionnaire');
    const before = await store.getSubmission('reach-academy', q.window.id);
    const refused = expectKind(await service.handleAction(REACH_HEAD, 'review.step', {
      schoolId: q.school.id, windowId: q.window.id, step: q.step, version: q.version, action: 'next', ...fill(q), 'indicator.attendance': '140',
    }), 'questionnaire');
    expect(refused.step).toBe(q.step);
    expect(refused.errors['indicator.attendance']).toBe('140% is outside the allowed range for Attendance (0% to 100%)');
    expect(refused.notice).toContain('Nothing from this step was saved');
    expect(await store.getSubmission('reach-academy', q.window.id)).toEqual(before);
  });

  it('takes a figure typed in plain text while a review is open, and resumes where the head left off', async () => {
    const { service, store } = await demoContext();
    await openWindow(service);
    const first = expectKind(await service.handleText(REACH_HEAD, 'review'), 'questionnaire');
    const saved = expectKind(await service.handleAction(REACH_HEAD, 'review.step', {
      schoolId: first.school.id, windowId: first.window.id, step: first.step, version: first.version, action: 'save', ...fill(first),
    }), 'notice');
    expect(saved.title).toBe('Saved: Reach Academy');

    const typed = expectKind(await service.handleText(REACH_HEAD, 'attendance 91.4'), 'notice');
    expect(typed.lines[0]).toBe('Attendance: 91.4% (Assured).');
    expect((await store.getSubmission('reach-academy', first.window.id))!.answers.indicators.attendance).toBe(91.4);

    const resumed = expectKind(await service.handleText(REACH_HEAD, 'review'), 'questionnaire');
    expect(resumed.step).toBe(1);
    expect(resumed.notice).toContain('Welcome back');
    expect(expectKind(await service.handleText(REACH_HEAD, 'attendence 91'), 'refusal').message).toContain('I don\'t know a figure called "attendence"');
  });

  it('reloads instead of overwriting when the card is older than the saved answers', async () => {
    const { service } = await demoContext();
    await openWindow(service);
    const q = expectKind(await service.handleText(REACH_HEAD, 'review'), 'questionnaire');
    await service.handleAction(REACH_HEAD, 'review.step', { schoolId: q.school.id, windowId: q.window.id, step: 0, version: q.version, action: 'next', ...fill(q, 'assured') });
    const stale = expectKind(await service.handleAction(REACH_HEAD, 'review.step', { schoolId: q.school.id, windowId: q.window.id, step: 0, version: q.version, action: 'next', ...fill(q, 'intervention_required') }), 'questionnaire');
    expect(stale.notice).toContain('changed elsewhere');
    const area = stale.items[0]!;
    expect(area.kind === 'area' && area.value).toBe('assured');
  });

  it('tells leadership about a head it cannot reach when the window opens', async () => {
    const { service, outbound } = await demoContext(undefined, ['person:head-evolve-academy']);
    const opened = await openWindow(service);
    expect(opened.lines.join(' ')).toContain('Could not reach Headteacher, Evolve Academy');
    const notice = expectKind(outbound.toLeadership().at(-1)!, 'notice');
    expect(notice.lines.join(' ')).toContain('Evolve Academy');
  });

  it('asks for a rationale before an override, and keeps it with the decision', async () => {
    const { service, store, outbound } = await demoContext();
    await openWindow(service);
    let view: View = await service.handleText(REACH_HEAD, 'review');
    while (view.kind === 'questionnaire') view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view) });
    const summary = expectKind(view, 'summary');
    await service.handleAction(REACH_HEAD, 'review.submit', { schoolId: 'reach-academy', windowId: summary.window.id, version: summary.version });
    const windowId = summary.window.id;
    const proposal = expectKind(outbound.toLeadership().at(-1)!, 'proposal');
    const proposalId = proposal.proposalId;

    // The form offers every category but the one proposed, which is Confirm's.
    const form = expectKind(await service.handleAction(CEO, 'decision.override.form', { schoolId: 'reach-academy', windowId, proposalId }), 'override');
    expect(form.categories.map((c) => c.value)).toEqual(['stabilise', 'repair', 'improve', 'sustain'].filter((c) => c !== proposal.category.id));
    expect(expectKind(await service.handleAction(CEO, 'decision.override', { schoolId: 'reach-academy', windowId, proposalId, category: 'improve', rationale: '' }), 'refusal').message).toContain('needs a rationale');
    expect(expectKind(await service.handleAction(CEO, 'decision.override', { schoolId: 'reach-academy', windowId, proposalId, category: 'brilliant', rationale: 'A sound reason here.' }), 'refusal').message).toContain('"brilliant" is not one');
    expect(await store.listDecisions({ schoolId: 'reach-academy', windowId })).toEqual([]);

    const rationale = 'New leadership in post since October; the suspension figures predate it.';
    const decided = expectKind(await service.handleAction(CEO, 'decision.override', { schoolId: 'reach-academy', windowId, proposalId, category: 'improve', rationale }), 'decision');
    expect(decided).toMatchObject({ how: 'overridden', rationale, headline: 'Reach Academy: IMPROVE (unchanged)' });
    expect((await store.listDecisions({ schoolId: 'reach-academy', windowId }))[0]).toMatchObject({ kind: 'overridden', proposed: 'repair', category: 'improve', rationale });
    expect(expectKind(outbound.toLeadership().at(-1)!, 'decision').rationale).toBe(rationale);
  });
});

describe('who may do what', () => {
  it('refuses anyone not on the roster, politely, and changes nothing', async () => {
    const { service, store } = await demoContext();
    const audit = (await store.listAudit()).length;
    expect(expectKind(await service.handleText(STRANGER, '/status Reach Academy'), 'refusal').message).toContain("can't find you");
    expect(expectKind(await service.handleText(STRANGER, '/review open'), 'refusal').message).toContain("can't find you");
    expect((await store.listAudit()).length).toBe(audit);
  });

  it('shows a head their own school only', async () => {
    const { service } = await demoContext();
    expect(expectKind(await service.handleText(REACH_HEAD, '/status reach'), 'status').school.name).toBe('Reach Academy');
    expect(expectKind(await service.handleText(REACH_HEAD, '/status Engage Academy'), 'refusal').message).toContain('not Engage Academy');
    expect(expectKind(await service.handleText(REACH_HEAD, '/status'), 'status').school.name).toBe('Reach Academy');
  });

  it('keeps window, reminder and decision commands for leadership', async () => {
    const { service, store } = await demoContext();
    expect(expectKind(await service.handleText(ENGAGE_HEAD, '/review open'), 'refusal').message).toContain('for trust leadership only');
    expect(expectKind(await service.handleText(ENGAGE_HEAD, '/remind'), 'refusal').message).toContain('for trust leadership only');
    expect(expectKind(await service.handleAction(ENGAGE_HEAD, 'decision.confirm', { schoolId: 'engage-academy', windowId: '2026-27-autumn' }), 'refusal').message).toContain('CEO or the Director of Education');
    expect((await store.listWindows()).some((w) => w.state === 'open')).toBe(false);
  });

  it('answers the trust overview for leadership, with every school', async () => {
    const { service } = await demoContext();
    const overview = expectKind(await service.handleText(CEO, '/status'), 'overview');
    expect(overview.schools.map((s) => s.school.name)).toEqual(['Engage Academy', 'Reach Academy', 'Elements Academy', 'Ethos College', 'Evolve Academy', 'Enrich Academy']);
    expect(overview.schools.find((s) => s.school.name === 'Reach Academy')).toMatchObject({ category: 'IMPROVE', arrow: '↑' });
  });

  it('a large trust\'s overview counts every school, lists those needing attention, and pages through the rest', async () => {
    const { service, store, setNow } = await demoContext();
    const trust = (await store.getTrust())!;
    const added = Array.from({ length: 34 }, (_, i) => ({ id: `school-${i + 1}`, name: `School ${i + 1}`, aliases: [] }));
    await store.saveTrust({ ...trust, schools: [...trust.schools, ...added] }, { at: '2026-11-30T09:00:00Z', actor: 'test', action: 'trust.saved', subject: 'trust', detail: {} });
    // School 3 was placed in the category with the most support last summer.
    await store.addDecision({
      id: 'decision-school-3', schoolId: 'school-3', windowId: '2025-26-summer', category: 'stabilise', proposed: null, previous: null,
      kind: 'confirmed', priorities: [], decidedBy: 'person-ceo', decidedAt: '2026-07-14T10:00:00Z',
    }, { at: '2026-07-14T10:00:00Z', actor: 'test', action: 'decision.confirmed', subject: 'decision:decision-school-3', detail: {} });
    await openWindow(service);
    // Reach Academy submits; after the window's last day the other 39 (five with drafts) are late.
    let view: View = await service.handleText(REACH_HEAD, 'review');
    while (view.kind === 'questionnaire') view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view) });
    const summary = expectKind(view, 'summary');
    await service.handleAction(REACH_HEAD, 'review.submit', { schoolId: 'reach-academy', windowId: summary.window.id, version: summary.version });
    // Before the window's last day nobody is late: the proposal awaiting a decision, then the schools in the category with the most support.
    const open = expectKind(await service.handleText(CEO, '/status'), 'overview');
    expect(open.schools[0]).toMatchObject({ school: { name: 'Reach Academy' } });
    expect(open.schools.map((s) => [s.school.name, s.category])).toEqual([['Reach Academy', 'IMPROVE'], ['School 3', 'STABILISE']]);
    expect(open.summary.categories).toContainEqual({ name: 'STABILISE', count: 1 });
    expect(open.summary.categories.at(-1)).toEqual({ name: 'not yet categorised', count: 34 - 1 });
    const closes = open.window!.closesOn;
    setNow(new Date(Date.parse(`${closes}T12:00:00Z`) + 86_400_000).toISOString());

    const first = expectKind(await service.handleText(CEO, '/status'), 'overview');
    expect(first.summary.total).toBe(40);
    expect(first.summary.reviews).toEqual([
      { state: 'awaiting a decision', count: 1 }, { state: 'draft, late', count: 5 }, { state: 'not started, late', count: 34 },
    ]);
    expect(first.shown).toEqual({ kind: 'attention', more: 40 - 15 });
    expect(first.schools).toHaveLength(15);
    expect(first.schools[0]).toMatchObject({ school: { name: 'Reach Academy' } });
    expect(first.schools[0]!.submission).toMatch(/^submitted/);
    expect(first.schools.slice(1, 6).map((s) => s.submission)).toEqual(Array(5).fill('draft, late'));
    expect(first.schools[6]).toMatchObject({ school: { name: 'School 1' }, submission: 'not started, late' });

    const second = expectKind(await service.handleAction(CEO, 'overview.show', { page: 2 }), 'overview');
    expect(second.shown).toEqual({ kind: 'page', page: 2, pages: 2 });
    expect(second.schools.map((s) => s.school.name)).toEqual(added.slice(19).map((s) => s.name));
    expect(expectKind(await service.handleAction(CEO, 'overview.show', { page: 3 }), 'refusal').message).toContain('no page 3');
    expect(expectKind(await service.handleAction(ENGAGE_HEAD, 'overview.show', { page: 1 }), 'refusal').message).toContain('for leadership');
  });

  it('suggests schools for a name it cannot place', async () => {
    const { service } = await demoContext();
    const notFound = expectKind(await service.handleText(CEO, '/status Reech Acadamy'), 'status');
    expect(notFound.school.name).toBe('Reach Academy');
    const none = expectKind(await service.handleText(CEO, '/status Oakfield'), 'not_found');
    expect(none.suggestions.length).toBeGreaterThan(0);
    expect(expectKind(await service.handleText(CEO, 'what is this'), 'help').notUnderstood).toBe('what is this');
  });
});

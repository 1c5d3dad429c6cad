/**
 * School-to-school pairings through the use-cases, on the Ethos demo trust's history: Enrich
 * Academy is weak where Ethos College has been strong, leadership pairs them, Ethos College's
 * head answers, /status shows it for both, and the pairing ends with Enrich's next decision.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import { createCardRenderer, loadCardTemplates } from '../../src/cards/index.js';
import type { Evaluation } from '../../src/evaluator/types.js';
import type { Identity } from '../../src/review/actor.js';
import type { ReviewContext } from '../../src/review/context.js';
import { decisionView } from '../../src/review/decide.js';
import { createReviewService } from '../../src/review/service.js';
import type { DecisionView, NoticeView, PairingRequestView, View } from '../../src/review/views.js';
import { loadRubrics } from '../../src/rubric/load.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Decision, StoreData } from '../../src/store/records.js';
import { seedDemo } from '../../src/trust/demo.js';
import { RecordingOutbound } from './harness.js';

const NOW = new Date('2026-11-24T09:00:00.000Z');
const CEO: Identity = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000020' };
const ETHOS_COLLEGE_HEAD: Identity = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000024' };
const REACH_HEAD: Identity = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000021' };
const FINANCE_LEAD: Identity = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000030' };

let rubrics: ReadonlyMap<string, Rubric>;
let seeded: StoreData;
const calendar = loadCalendar();
beforeAll(async () => {
  rubrics = loadRubrics();
  const store = new MemoryStore();
  await seedDemo(store, rubrics, NOW, 'ethos');
  seeded = await store.document();
});

/** A copy of the seeded demo trust, with its own outbound. */
function fresh() {
  const store = new MemoryStore(seeded);
  const outbound = new RecordingOutbound();
  const ctx: ReviewContext = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => NOW, outbound };
  return { ctx, store, outbound, service: createReviewService(ctx) };
}

async function enrichDecision(store: MemoryStore): Promise<Decision> {
  return (await store.listDecisions({ schoolId: 'enrich-academy' })).at(-1)!;
}

/** Enrich Academy's latest decision post, as it stands now. */
async function enrichPost(ctx: ReviewContext): Promise<DecisionView> {
  const trust = (await ctx.store.getTrust())!;
  const decision = (await ctx.store.listDecisions({ schoolId: 'enrich-academy' })).at(-1)!;
  const record = (await ctx.store.latestEvaluation('enrich-academy', decision.windowId))!;
  const window = (await ctx.store.listWindows()).find((w) => w.id === decision.windowId)!;
  return decisionView(ctx, trust, rubrics.get(trust.rubricId)!, trust.schools.find((s) => s.id === 'enrich-academy')!, window, decision, record.evaluation as unknown as Evaluation);
}

function expectKind<K extends View['kind']>(view: View, kind: K): Extract<View, { kind: K }> {
  if (view.kind !== kind) throw new Error(`expected a ${kind}, got ${view.kind}: ${JSON.stringify(view).slice(0, 300)}`);
  return view as Extract<View, { kind: K }>;
}

async function statusLines(service: ReturnType<typeof createReviewService>, school: string): Promise<string[]> {
  return expectKind(await service.handleText(CEO, `/status ${school}`), 'status').pairings;
}

describe('the decision post', () => {
  it("suggests peer support for the school's weak areas, with a Pair button per suggestion", async () => {
    const { ctx, store } = fresh();
    const decision = await enrichDecision(store);
    const view = await enrichPost(ctx);
    const finance = view.peers!.find((p) => p.text.startsWith('Financial Planning'))!;
    expect(finance.text).toMatch(/^Financial Planning \(budget quality\) \(.+\) → Engage Academy: .+ for its last 3 reviews$/);
    expect(finance.why).toContain('Engage Academy has been');
    expect(finance.confirm).toEqual({ title: 'Pair with Engage Academy (Financial Planning (budget quality))', data: { decisionId: decision.id, area: 'financial_planning', peerSchoolId: 'engage-academy' } });
    // Enrich's category rests on its education lines (half or more not yet assured): those come first, before finance.
    const education = rubrics.get('ethos')!.groups.find((g) => g.id === 'quality_of_education')!.areas.map((a) => a.name);
    const first = view.peers![0]!;
    expect(education.some((name) => first.text.startsWith(`${name} (`))).toBe(true);
    expect(view.peers!.indexOf(first)).toBeLessThan(view.peers!.indexOf(finance));

    const card = createCardRenderer(loadCardTemplates()).render(view);
    const text = JSON.stringify(card);
    expect(text).toContain('Suggested peer support');
    const buttons = (card.actions as { type: string; verb?: string; title: string; data?: unknown }[]).filter((a) => a.verb === 'pairing.confirm');
    expect(buttons.map((b) => b.title)).toHaveLength(3);
    expect(text).toContain('Peer support (');
    expect(buttons[0]).toMatchObject({ title: first.confirm!.title, data: first.confirm!.data });
  });

  it('pairs any suggestion, beyond the three with a button of their own, from the list behind "Peer support (N)"', async () => {
    const { ctx, store, service } = fresh();
    const view = await enrichPost(ctx);
    const card = createCardRenderer(loadCardTemplates()).render(view);
    type Action = { type: string; verb?: string; title: string; data?: Record<string, string>; card?: { body: Record<string, unknown>[]; actions?: Action[] } };
    const actions = card.actions as Action[];
    const buttons = actions.filter((a) => a.verb === 'pairing.confirm');
    const list = actions.find((a) => a.type === 'Action.ShowCard' && a.title.startsWith('Peer support ('))!;
    const pairable = view.peers!.filter((p) => p.confirm);
    expect(pairable.length).toBeGreaterThan(buttons.length);
    // One choice per suggestion that can be paired, and one Pair button under them: within Teams' six actions at any count.
    const choices = list.card!.body.find((e) => e.id === 'pairWith') as { type: string; choices: { title: string; value: string }[] };
    expect(choices.type).toBe('Input.ChoiceSet');
    expect(choices.choices.map((c) => c.title)).toEqual(pairable.map((p) => p.text));
    expect(list.card!.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'pairing.confirm', title: 'Pair', data: { decisionId: view.decisionId } })]);
    expect(actions.length).toBeLessThanOrEqual(6);

    // A suggestion without a button of its own: the last in the list.
    const last = pairable.at(-1)!;
    expect(buttons.some((b) => b.data!.area === last.confirm!.data.area && b.data!.peerSchoolId === last.confirm!.data.peerSchoolId)).toBe(false);
    const chosen = choices.choices.at(-1)!;
    const none = expectKind(await service.handleAction(CEO, 'pairing.confirm', { decisionId: view.decisionId, pairWith: '' }), 'refusal');
    expect(none.message).toBe('Choose the weak area and the peer to pair it with from the list, then press Pair. Nothing was recorded.');
    expect(expectKind(await service.handleAction(CEO, 'pairing.confirm', { decisionId: view.decisionId, pairWith: 'swimming' }), 'refusal').message)
      .toBe('"swimming" is not a choice of the list (an area and a peer), so nothing was recorded. Choose one from the decision post\'s list.');
    expect(await store.listPairings()).toEqual([]);

    const post = expectKind(await service.handleAction(CEO, 'pairing.confirm', { decisionId: view.decisionId, pairWith: chosen.value }), 'decision');
    expect(await store.listPairings()).toMatchObject([{ area: last.confirm!.data.area, peerSchoolId: last.confirm!.data.peerSchoolId, answer: 'awaited' }]);
    const peerName = last.confirm!.title.replace(/^Pair with (.+) \(.+\)$/, '$1');
    expect(post.peers!.map((p) => p.text)).toContain(`${last.text.replace(/ → .+$/, '')} → paired with ${peerName}: ${peerName}'s head has yet to answer`);
  });
});

describe('a pairing, confirmed by the CEO and answered by the peer head', () => {
  it("is kept with the decision, the peer's head is asked, answers, and /status shows it for both schools", async () => {
    const { store, outbound, service } = fresh();
    const decision = await enrichDecision(store);
    const pair = { decisionId: decision.id, area: 'sickness_absence', peerSchoolId: 'ethos-college' };

    // The decision post is redrawn with the pairing on it, so the next area can be paired from it.
    const confirmed = expectKind(await service.handleAction(CEO, 'pairing.confirm', pair), 'decision');
    expect(confirmed.headline).toBe('Enrich Academy: STABILISE → REPAIR');
    const line = confirmed.peers!.find((p) => p.text.startsWith('Sickness Absence Levels'))!;
    expect(line).toEqual({
      text: "Sickness Absence Levels (Intervention required) → paired with Ethos College: Ethos College's head has yet to answer",
      why: "Confirmed by Chief Executive Officer on Tue 24 Nov 2026; in force until Enrich Academy's next decision.",
      confirm: null,
    });
    expect(confirmed.peers!.filter((p) => p.text.startsWith('Sickness Absence Levels'))).toHaveLength(1);
    expect(confirmed.peers!.some((p) => p.confirm?.data.area === 'financial_planning')).toBe(true);

    const asked = outbound.sent.filter((m) => m.view.kind === 'pairing');
    expect(asked.map((m) => m.to)).toEqual([{ kind: 'person', personId: 'head-ethos-college' }]);
    const request = asked[0]!.view as PairingRequestView;
    expect(request.title).toBe('Can Ethos College support Enrich Academy in Sickness Absence Levels?');
    expect(request.answerData).toEqual({ decisionId: decision.id, area: 'sickness_absence' });
    expect(await store.listPairings({ decisionIds: [decision.id] })).toMatchObject([{ ...pair, schoolId: 'enrich-academy', confirmedBy: 'ceo', answer: 'awaited' }]);

    expect(await statusLines(service, 'Enrich Academy')).toEqual([
      expect.stringMatching(/^Supported by Ethos College in Sickness Absence Levels \(confirmed by .+ on Tue 24 Nov 2026; Ethos College's head has yet to answer\), until Enrich Academy's next decision$/),
    ]);

    // Only that school's head answers; another head is refused and nothing changes.
    expectKind(await service.handleAction(REACH_HEAD, 'pairing.answer', { ...request.answerData, answer: 'accepted' }), 'refusal');
    const thanks = expectKind(await service.handleAction(ETHOS_COLLEGE_HEAD, 'pairing.answer', { ...request.answerData, answer: 'accepted' }), 'notice');
    expect(thanks.title).toBe('Thank you: Ethos College supports Enrich Academy in Sickness Absence Levels');
    expect(outbound.toLeadership().map((v) => (v as NoticeView).title)).toContain('Ethos College will support Enrich Academy in Sickness Absence Levels');
    // A second press changes nothing; the other answer is refused.
    expectKind(await service.handleAction(ETHOS_COLLEGE_HEAD, 'pairing.answer', { ...request.answerData, answer: 'accepted' }), 'notice');
    expect(expectKind(await service.handleAction(ETHOS_COLLEGE_HEAD, 'pairing.answer', { ...request.answerData, answer: 'declined' }), 'refusal').message).toContain('accepted');

    expect(await statusLines(service, 'Enrich Academy')).toEqual([expect.stringContaining("Ethos College's head accepted on Tue 24 Nov 2026")]);
    expect(await statusLines(service, 'Ethos College')).toEqual([
      expect.stringMatching(/^Supporting Enrich Academy in Sickness Absence Levels \(.+; Ethos College's head accepted on Tue 24 Nov 2026\), until Enrich Academy's next decision$/),
    ]);
    expect((await store.listAudit()).filter((a) => a.subject === `pairing:${decision.id}/sickness_absence`).map((a) => a.action)).toEqual(['pairing.confirm', 'pairing.accepted']);
  });

  it('Not now leaves the area free to pair with another peer, and leadership is told', async () => {
    const { ctx, store, outbound, service } = fresh();
    const decision = await enrichDecision(store);
    const pair = { decisionId: decision.id, area: 'sickness_absence', peerSchoolId: 'ethos-college' };
    expectKind(await service.handleAction(CEO, 'pairing.confirm', pair), 'decision');
    expectKind(await service.handleAction(ETHOS_COLLEGE_HEAD, 'pairing.answer', { decisionId: decision.id, area: 'sickness_absence', answer: 'declined' }), 'notice');
    expect(outbound.toLeadership().map((v) => (v as NoticeView).title)).toContain('Ethos College cannot support, for now, Enrich Academy in Sickness Absence Levels');
    expect(await statusLines(service, 'Enrich Academy')).toEqual([]);
    expect(expectKind(await service.handleAction(CEO, 'pairing.confirm', pair), 'refusal').message).toContain('said not now');
    // The post shows who said not now, with no way to pair them again, and the other peer still pairable.
    const post = await enrichPost(ctx);
    const area = post.peers!.filter((p) => p.text.startsWith('Sickness Absence Levels'));
    expect(area.find((p) => p.text.includes('→ Ethos College:'))).toMatchObject({ why: expect.stringContaining("Ethos College's head said not now on Tue 24 Nov 2026: choose another peer."), confirm: null });
    expect(area.find((p) => p.text.includes('→ Evolve Academy:'))!.confirm).not.toBeNull();
    expectKind(await service.handleAction(CEO, 'pairing.confirm', { ...pair, peerSchoolId: 'evolve-academy' }), 'decision');
    expect(await store.listPairings({ decisionIds: [decision.id] })).toMatchObject([{ peerSchoolId: 'evolve-academy', answer: 'awaited' }]);
  });

  it('is refused to anyone but the CEO or the Director of Education, and for a school that is not a suggested peer, changing nothing', async () => {
    const { store, service, outbound } = fresh();
    const decision = await enrichDecision(store);
    const pair = { decisionId: decision.id, area: 'sickness_absence', peerSchoolId: 'ethos-college' };
    expect(expectKind(await service.handleAction(FINANCE_LEAD, 'pairing.confirm', pair), 'refusal').message).toContain('CEO or the Director of Education');
    expect(expectKind(await service.handleAction(CEO, 'pairing.confirm', { ...pair, peerSchoolId: 'enrich-academy' }), 'refusal').message).toContain('not a suggested peer');
    expect(expectKind(await service.handleAction(CEO, 'pairing.confirm', { ...pair, area: 'swimming' }), 'refusal').message).toContain('no area "swimming"');
    expect(await store.listPairings()).toEqual([]);
    expect(outbound.sent).toEqual([]);
  });
});

describe("a supporter's limit", () => {
  it('a peer already supporting two schools is neither suggested nor paired', async () => {
    const { store, service } = fresh();
    const decision = await enrichDecision(store);
    // Ethos College already supports Reach and Elements on their latest decisions.
    for (const schoolId of ['reach-academy', 'elements-academy']) {
      const latest = (await store.listDecisions({ schoolId })).at(-1)!;
      await store.savePairing({
        decisionId: latest.id, schoolId, windowId: latest.windowId, area: 'school_development_priorities', peerSchoolId: 'ethos-college',
        confirmedBy: 'ceo', confirmedAt: NOW.toISOString(), answer: 'accepted', answeredBy: 'head-ethos-college', answeredAt: NOW.toISOString(),
      }, { at: NOW.toISOString(), actor: 'ceo', action: 'pairing.confirm', subject: `pairing:${latest.id}` });
    }
    const peers = expectKind(await service.handleText(CEO, '/peers sickness absence'), 'notice');
    expect(peers.lines.join('\n')).toMatch(/Enrich Academy is .+: suggested Evolve Academy$/m);
    const refused = expectKind(await service.handleAction(CEO, 'pairing.confirm', { decisionId: decision.id, area: 'sickness_absence', peerSchoolId: 'ethos-college' }), 'refusal');
    expect(refused.message).toBe(`Ethos College was not paired with Enrich Academy in Sickness Absence Levels: Ethos College already supports 2 schools this term, the ${rubrics.get('ethos')!.name}'s limit.`);
    expect(await statusLines(service, 'Ethos College')).toHaveLength(2);
  });
});

describe("the school's next decision", () => {
  it('ends its pairings: /status no longer shows them, the peer is free again, and the head can no longer answer', async () => {
    const { store, service } = fresh();
    const decision = await enrichDecision(store);
    expectKind(await service.handleAction(CEO, 'pairing.confirm', { decisionId: decision.id, area: 'sickness_absence', peerSchoolId: 'ethos-college' }), 'decision');
    expect(await statusLines(service, 'Ethos College')).toHaveLength(1);

    await store.addDecision({ ...decision, id: 'enrich-2026-27-autumn', windowId: '2026-27-autumn', previous: decision.category, decidedAt: '2026-12-08T10:00:00.000+00:00' },
      { at: '2026-12-08T10:00:00.000+00:00', actor: 'ceo', action: 'decision.confirmed', subject: 'decision:enrich-2026-27-autumn' });
    expect(await statusLines(service, 'Enrich Academy')).toEqual([]);
    expect(await statusLines(service, 'Ethos College')).toEqual([]);
    // Kept with the decision it was made on, for the record.
    expect(await store.listPairings({ decisionIds: [decision.id] })).toHaveLength(1);
    const late = expectKind(await service.handleAction(ETHOS_COLLEGE_HEAD, 'pairing.answer', { decisionId: decision.id, area: 'sickness_absence', answer: 'accepted' }), 'refusal');
    expect(late.message).toContain('That pairing has ended');
    const again = expectKind(await service.handleAction(CEO, 'pairing.confirm', { decisionId: decision.id, area: 'financial_planning', peerSchoolId: 'engage-academy' }), 'refusal');
    expect(again.message).toContain('no longer Enrich Academy\'s latest');
  });
});

describe('/peers', () => {
  it('lists for leadership who is strong in an area, and for how long, and refuses heads', async () => {
    const { service } = fresh();
    const view = expectKind(await service.handleText(CEO, '/peers financial planning'), 'notice');
    expect(view.title).toBe('School-to-school support: Financial Planning (budget quality) — Ethos Academy Trust');
    expect(view.lines[0]).toMatch(/^Financial Planning \(budget quality\): strong: .*Engage Academy \(.+, last 3 reviews\)/);
    expect(view.lines.join('\n')).toMatch(/Enrich Academy is .+: suggested Engage Academy, Ethos College/);
    expectKind(await service.handleText(REACH_HEAD, '/peers'), 'refusal');
    expect(expectKind(await service.handleText(CEO, '/peers swimming'), 'not_found').query).toBe('swimming');
    const help = expectKind(await service.handleText(CEO, 'help'), 'help');
    expect(help.commands.map((c) => c.command)).toContain('/peers [area]');
  });
});

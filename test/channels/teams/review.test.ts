/**
 * A whole review through the Teams door and the real CloudAdapter: the window opens, the head
 * answers card by card (cards updated in place), submits, leadership gets the proposal,
 * overrides or confirms, and the decision reaches the leadership channel with its schedule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardJson } from '../../../src/cards/index.js';
import { actionsOf, cardOf, fillIn, inputsOf, PEOPLE, startHarness, textsOf, type CardAction, type Harness } from './harness.js';

const LEADERSHIP = '19:leadership@thread.tacv2';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.install(PEOPLE.headReach);
  await h.install(PEOPLE.ceo);
  await h.installInTeam(PEOPLE.ceo, LEADERSHIP);
});
afterAll(async () => {
  await h?.close();
});

function action(card: CardJson, title: string): CardAction {
  const found = actionsOf(card).find((a) => a.title === title);
  if (!found) throw new Error(`no "${title}" button on the card; it has ${actionsOf(card).map((a) => `"${a.title}"`).join(', ')}`);
  return found;
}

/** Safeguarding judged "Intervention required": the first, limiting, rule proposes STABILISE. */
const worstSafeguarding = { rating: (input: { id: string; choices?: { value: string }[] }) => (input.id === 'rating.safeguarding' ? 'intervention_required' : input.choices![0]!.value) };

describe('a termly review in Teams', () => {
  let card: CardJson;

  it('with no window open, a head asking to review is told so', async () => {
    const [reply] = await h.say(PEOPLE.headReach, 'review');
    expect(textsOf(cardOf(reply!.activity))[0]).toMatch(/^No review window is open just now/);
  });

  it('/review open messages the head directly and names the heads it cannot reach in the leadership channel', async () => {
    const posted = await h.say(PEOPLE.ceo, '/review open');
    const toHead = posted.filter((p) => p.conversationId === h.personalChat(PEOPLE.headReach));
    expect(toHead).toHaveLength(1);
    card = cardOf(toHead[0]!.activity);
    expect(textsOf(card)[0]).toBe('Autumn term 2026-27 review: Reach Academy');
    expect(toHead[0]!.activity.summary).toBe('Autumn term 2026-27 review: Reach Academy');

    const inChannel = posted.filter((p) => p.conversationId === LEADERSHIP).map((p) => textsOf(cardOf(p.activity)));
    expect(inChannel).toHaveLength(1);
    expect(inChannel[0]![0]).toBe('Some heads could not be messaged');
    expect(inChannel[0]!.filter((t) => /^Headteacher, .*: has no chat with Termly on Microsoft Teams yet/.test(t))).toHaveLength(5);

    const reply = posted.find((p) => p.conversationId === h.personalChat(PEOPLE.ceo))!;
    expect(textsOf(cardOf(reply.activity))).toContain('Open until Fri 11 Dec. 1 head messaged.');
  });

  it('Start turns the message into the first step, in place, with progress shown', async () => {
    const res = await h.press(PEOPLE.headReach, 'review.start', action(card, 'Start').data);
    expect(res.posted).toEqual([]);
    card = res.card!;
    const texts = textsOf(card);
    expect(texts).toContain('Quality of Education (1 of 5)');
    expect(texts).toContain('Step 1 of 7 · 0 of 14 areas rated · 0 of 12 figures given');
    expect(inputsOf(card).filter((i) => i.id.startsWith('rating.'))).toHaveLength(3);
  });

  it('a value that is not a level is shown beside its field, and nothing from the step is saved', async () => {
    // The demo's central team has already rated its lines: the submission exists as a draft.
    const before = await h.store.getSubmission('reach-academy', '2026-27-autumn');
    const next = action(card, 'Next');
    const values = fillIn(card);
    const firstArea = Object.keys(values).find((k) => k.startsWith('rating.'))!;
    const res = await h.press(PEOPLE.headReach, next.verb, { ...next.data, ...values, [firstArea]: 'brilliant' });
    const texts = textsOf(res.card);
    expect(texts).toContain('Nothing from this step was saved: please correct the values marked.');
    expect(texts.some((t) => t.startsWith('⚠ ') && t.includes('brilliant'))).toBe(true);
    expect(await h.store.getSubmission('reach-academy', '2026-27-autumn')).toEqual(before);
  });

  it('Next saves the step and moves on; Back returns with the answers kept', async () => {
    const values = fillIn(card, worstSafeguarding);
    let res = await h.press(PEOPLE.headReach, 'review.step', { ...action(card, 'Next').data, ...values });
    expect(textsOf(res.card)).toContain('Step 2 of 7 · 3 of 14 areas rated · 0 of 12 figures given');
    res = await h.press(PEOPLE.headReach, 'review.step', { ...action(res.card!, 'Back').data, ...fillIn(res.card!) });
    const kept = inputsOf(res.card).filter((i) => i.id.startsWith('rating.'));
    expect(kept.map((i) => i.value)).toEqual(kept.map((i) => values[i.id]));
    card = res.card!;
  });

  it('Save and finish later keeps the answers and says how to come back', async () => {
    const res = await h.press(PEOPLE.headReach, 'review.step', { ...action(card, 'Save and finish later').data, ...fillIn(card, worstSafeguarding) });
    expect(textsOf(res.card)[0]).toBe('Saved: Reach Academy');
    expect(action(res.card!, 'Carry on').verb).toBe('review.start');
  });

  it('a figure typed in plain text is saved with its level', async () => {
    const [reply] = await h.say(PEOPLE.headReach, 'attendance 91.4');
    const texts = textsOf(cardOf(reply!.activity));
    expect(texts[0]).toBe('Saved for Reach Academy');
    expect(texts[1]).toMatch(/^Attendance: 91\.4%/);
    const submission = await h.store.getSubmission('reach-academy', '2026-27-autumn');
    expect(submission?.answers.indicators.attendance).toBe(91.4);
  });

  it('"review" resumes at the first step not yet answered, and the rest can be answered to the summary', async () => {
    // Steps 1 and 2 were answered (Back saves the step it leaves).
    const [reply] = await h.say(PEOPLE.headReach, 'review');
    card = cardOf(reply!.activity);
    expect(textsOf(card)).toContain('Step 3 of 7 · 6 of 14 areas rated · 1 of 12 figures given');
    expect(textsOf(card)).toContain('Welcome back: carrying on from "Quality of Education (3 of 5)".');
    for (let step = 3; step <= 7; step++) {
      const next = action(card, step === 7 ? 'Go to summary' : 'Next');
      const res = await h.press(PEOPLE.headReach, next.verb, { ...next.data, ...fillIn(card, worstSafeguarding) });
      card = res.card!;
    }
    const texts = textsOf(card);
    expect(texts).toContain('Summary');
    expect(texts).toContain('Proposed category: STABILISE');
    expect(texts).toContain('Draft: not yet submitted');
  });

  let proposal: CardJson;
  it('Submit sends leadership the proposal with Confirm and Override', async () => {
    const res = await h.press(PEOPLE.headReach, 'review.submit', action(card, 'Submit').data);
    expect(textsOf(res.card)).toContain('Submitted');
    const posted = res.posted.filter((p) => p.conversationId === LEADERSHIP);
    expect(posted).toHaveLength(1);
    proposal = cardOf(posted[0]!.activity);
    expect(textsOf(proposal)).toContain('Proposed: STABILISE');
    expect(actionsOf(proposal).map((a) => a.title)).toEqual(['Agree level', 'Confirm STABILISE', 'Override…']);
    expect(posted[0]!.activity.summary).toBe('Reach Academy: STABILISE proposed');
  });

  it('a head pressing Confirm is refused, and the card stays as it was', async () => {
    const res = await h.press(PEOPLE.headReach, 'decision.confirm', action(proposal, 'Confirm STABILISE').data, { channel: LEADERSHIP });
    expect(res.card).toBeNull();
    expect(res.message).toBe('Sorry, confirming or overriding a category is for the CEO or the Director of Education.');
    expect(await h.store.listDecisions({ schoolId: 'reach-academy', windowId: '2026-27-autumn' })).toEqual([]);
  });

  it('the Director of Education agrees a flagged line\'s level on the card: self-rating, evidence and agreed level side by side', async () => {
    const flagged = textsOf(proposal).indexOf('Self-rating, evidence and agreed level');
    expect(flagged).toBeGreaterThan(0);
    expect(textsOf(proposal)).toContain('Persistent Absence');
    const areas = inputsOf(proposal).find((i) => i.id === 'area')!;
    expect(areas.choices!.map((c) => c.value)).toContain('persistent_absence');
    const agree = action(proposal, 'Agree level');
    const refused = await h.press(PEOPLE.directorOfEducation, agree.verb, { ...agree.data, area: 'persistent_absence', level: 'not_yet_assured', reason: '' }, { channel: LEADERSHIP });
    expect(refused.message).toMatch(/^Say why/);
    const reason = 'Two long-term absentees left the roll in October; the figure is falling.';
    const res = await h.press(PEOPLE.directorOfEducation, agree.verb, { ...agree.data, area: 'persistent_absence', level: 'not_yet_assured', reason }, { channel: LEADERSHIP });
    const texts = textsOf(res.card);
    expect(texts).toContain('Proposed: STABILISE');
    expect(texts).toContain('Director of Education agreed Persistent Absence at Not yet assured (self-rating Assured, evidence Intervention required).');
    expect(texts).toContain(`Self-rating: Assured · Evidence: Intervention required · Agreed: Not yet assured (Director of Education: ${reason}) · The proposal reads the agreed level.`);
    expect(texts.some((t) => t.startsWith("This rests on the framework's own words"))).toBe(true);
    proposal = res.card!;
  });

  it('Override shows a required category choice and rationale; a rationale too short is refused', async () => {
    const form = await h.press(PEOPLE.ceo, 'decision.override.form', action(proposal, 'Override…').data, { channel: LEADERSHIP });
    const inputs = inputsOf(form.card);
    expect(inputs.map((i) => [i.id, i.type])).toEqual([['category', 'Input.ChoiceSet'], ['rationale', 'Input.Text']]);
    expect(inputs[0]!.choices!.map((c) => c.value)).toEqual(['repair', 'improve', 'sustain']);
    const record = action(form.card!, 'Record override');
    const refused = await h.press(PEOPLE.ceo, record.verb, { ...record.data, category: 'repair', rationale: 'no' }, { channel: LEADERSHIP });
    expect(refused.message).toMatch(/^An override needs a rationale/);
    expect(await h.store.listDecisions({ schoolId: 'reach-academy' })).toHaveLength(3);
  });

  it('Confirm in the leadership channel records the decision and turns the proposal into it in place, with the schedule, posted nowhere twice', async () => {
    const res = await h.press(PEOPLE.ceo, 'decision.confirm', action(proposal, 'Confirm STABILISE').data, { channel: LEADERSHIP });
    const texts = textsOf(res.card);
    expect(texts[0]).toBe('Reach Academy: IMPROVE → STABILISE');
    expect(texts).toContain('Confirmed by Chief Executive Officer');
    expect(texts).toContain('Support for the Spring term 2026-27 (Mon 4 Jan to Thu 25 Mar)');

    // The card pressed is the decision now: the channel gets no second copy. The head is told.
    expect(res.posted.filter((p) => p.conversationId === LEADERSHIP)).toEqual([]);
    const toHead = res.posted.filter((p) => p.conversationId === h.personalChat(PEOPLE.headReach)).map((p) => textsOf(cardOf(p.activity)));
    expect(toHead).toHaveLength(1);
    expect(toHead[0]![0]).toBe('Reach Academy: STABILISE (it was IMPROVE)');
    expect(toHead[0]!.join(' ')).toContain('Leadership confirmed the proposed category.');
    const decision = res.card!;
    // The post summarises support by activity; every date is one click away, as people read dates.
    const body = textsOf(decision.body);
    expect(body).toContain('Focused SIP support aligned to the priorities identified in the RAG assurance framework');
    expect(body).toContain('2 days a term · Director of Education · from Tue 19 Jan · 2 days this term');
    expect(body.some((t) => t.startsWith('up to 10 days a year · HR professionals · from ') && t.endsWith(' · up to 3½ days this term'))).toBe(true);
    // What is offered on request, undated, is one click away too.
    const shown = (title: RegExp) => (decision.actions ?? []).find((a) => (a as { type: string; title: string }).type === 'Action.ShowCard' && title.test((a as { title: string }).title)) as { title: string; card: unknown } | undefined;
    const onRequest = shown(/^On request \(\d+\)$/);
    expect(textsOf(onRequest!.card)).toContain('• Bespoke: appointment of an Executive Headteacher to strengthen the leadership team (School Improvement Team)');
    // The support part (after the reasons, which quote figures) has no raw fraction or ISO date.
    const supportPart = body.slice(body.findIndex((t) => t.startsWith('Support for the'))).filter((t) => !t.startsWith('[Add the schedule'));
    expect(supportPart.join('\n')).not.toMatch(/\d\.\d|\d{4}-\d{2}-\d{2}/);
    const all = shown(/^All \d+ dates$/);
    expect(all?.title).toMatch(/^All \d+ dates$/);
    const dates = textsOf(all!.card).filter((t) => /^(Mon|Tue|Wed|Thu|Fri) \d{1,2} (Jan|Feb|Mar)$/.test(t));
    expect(dates.length).toBe(Number(/\d+/.exec(all!.title)![0]));
    expect(dates[0]).toBe('Tue 5 Jan');

    const link = /\]\((http:\/\/127\.0\.0\.1:\d+\/calendar\/[^)]+)\)$/.exec(textsOf(decision).find((t) => t.startsWith('[Add the schedule to your calendar'))!)![1]!;
    const ics = await fetch(link);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR/);
    // A link whose signature was changed leads nowhere.
    const tampered = link.replace(/\/([A-Za-z0-9_-])([A-Za-z0-9_-]{42})\//, (_m, first: string, rest: string) => `/${first === 'A' ? 'B' : 'A'}${rest}/`);
    expect(tampered).not.toBe(link);
    expect((await fetch(tampered)).status).toBe(404);
  });

  it('the agreed level is kept with the decision, with who and why', async () => {
    const decision = (await h.store.listDecisions({ schoolId: 'reach-academy', windowId: '2026-27-autumn' }))[0]!;
    expect(decision.agreed?.persistent_absence).toMatchObject({ level: 'not_yet_assured', by: 'director-of-education' });
  });

  it('/status shows the decided category from then on', async () => {
    const [reply] = await h.say(PEOPLE.ceo, '/status Reach Academy');
    const texts = textsOf(cardOf(reply!.activity));
    expect(texts).toContain('STABILISE ↓');
    expect(texts).toContain('since Mon 30 Nov 2026 · decided by Chief Executive Officer');
  });

  it('/remind and /review close report to leadership', async () => {
    const [remind] = (await h.say(PEOPLE.ceo, '/remind')).filter((p) => p.conversationId === h.personalChat(PEOPLE.ceo));
    expect(textsOf(cardOf(remind!.activity))[0]).toMatch(/remind/i);
    const posted = await h.say(PEOPLE.ceo, '/review close');
    const reply = posted.find((p) => p.conversationId === h.personalChat(PEOPLE.ceo))!;
    expect(textsOf(cardOf(reply.activity))).toEqual(expect.arrayContaining(['Autumn term 2026-27 review closed', 'No proposal awaits a decision.']));
    expect(posted.some((p) => p.conversationId === LEADERSHIP && textsOf(cardOf(p.activity))[0] === 'Autumn term 2026-27 review closed')).toBe(true);
  });
});

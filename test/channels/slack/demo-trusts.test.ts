/**
 * Every view of every demo trust, drawn for Slack within Slack's documented limits: what a
 * head, the CEO and the Director of Education would see through a whole review (each
 * questionnaire step, the summary, the proposal, moderation, the override form, the decision,
 * peer support, /status of every school, the overview, help, reminders, the calendar, the
 * report, refusals) and every message the bot sends on its own; then a trust of 120 schools'
 * overview, a page at a time. People are identified by their Slack ids.
 */
import { describe, expect, it } from 'vitest';
import { homeView, modalView, renderMessage, type SlackRenderOptions } from '../../../src/channels/slack/index.js';
import type { Identity, View } from '../../../src/review/index.js';
import type { Trust } from '../../../src/store/records.js';
import { demoNames, demoTrustFile, loadDemoTrust } from '../../../src/trust/index.js';
import { syntheticTrust } from '../../../src/trust/synthetic.js';
import { fill, seededDemo, loadedOnce } from '../../review/harness.js';
import { checkMessageBlocks, checkView } from './block-kit-rules.js';

const START = '2026-11-30T09:00:00Z';
const LINKS: SlackRenderOptions = {
  calendarUrl: 'https://termly.example.org/calendar/sig/support.ics',
  fileUrl: (file) => `https://termly.example.org/files/${file.kind}/${file.subject}/sig/${file.filename}`,
};

const demoTrust = (demo: string) => seededDemo(demo, START);

const slack = (userId: string): Identity => ({ platform: 'slack', userId });
const person = (trust: Trust, test: (p: Trust['people'][number]) => boolean) => trust.people.find(test);

/** Every problem Slack would find with a view, wherever the Slack door may show it. */
function problemsOf(view: View, label: string): string[] {
  const message = renderMessage(view, LINKS);
  const problems = checkMessageBlocks(message.blocks).map((p) => `${label} (message): ${p}`);
  if (message.text.length === 0 || message.text.length > 40_000) problems.push(`${label}: a message's text of ${message.text.length} characters`);
  if (['questionnaire', 'summary', 'proposal', 'override'].includes(view.kind)) {
    problems.push(...checkView(modalView(view, LINKS), 'modal').map((p) => `${label} (modal): ${p}`));
  }
  return problems;
}

/** Drives one demo trust through a review as its people would, collecting every view they see or are sent. */
async function everyView(demo: string): Promise<Map<string, View>> {
  const { trust, service, outbound } = await demoTrust(demo);
  const views = new Map<string, View>();
  const seen = (label: string, view: View) => views.set(`${label} [${views.size}]`, view);
  const ceo = slack(person(trust, (p) => p.roles.includes('ceo'))!.slack!.userId);
  const head = person(trust, (p) => p.roles.includes('head'))!;
  const headId = slack(head.slack!.userId);
  const school = trust.schools.find((s) => head.schoolIds.includes(s.id))!;
  const say = async (who: Identity, text: string) => seen(text, await service.handleText(who, text));

  await say(ceo, 'help');
  await say(headId, 'help');
  await say(ceo, '/status');
  seen('every school', await service.handleAction(ceo, 'overview.show', { page: 1 }));
  for (const s of trust.schools) {
    await say(ceo, `/status ${s.name}`);
    seen(`all of ${s.name}`, await service.handleAction(ceo, 'status.show', { schoolId: s.id, all: 'yes' }));
  }
  await say(ceo, '/status Hogwarts');
  await say(ceo, `/status ${school.name.slice(0, -1)}`);
  await say(ceo, '/calendar');
  await say(ceo, '/review open');
  seen('greet', await service.greet(headId));
  await say(headId, '/remind');
  await say(slack('U0NOTONROSTER'), 'help');

  let view: View = await service.handleAction(headId, 'review.start', { schoolId: school.id });
  while (view.kind === 'questionnaire') {
    seen(`step ${view.step + 1}`, view);
    const values = fill(view, view.items.some((i) => i.kind === 'area' && i.choices.some((c) => c.value === 'not_yet_assured')) ? 'not_yet_assured' : '');
    // A step answered from its own choices: the first level each area offers that the harness did not choose.
    for (const item of view.items) {
      if (item.kind === 'area' && !item.choices.some((c) => c.value === values[item.key])) values[item.key] = item.choices.at(-1)!.value;
      if (item.kind === 'transitions') for (const cell of item.cells) values[cell.key] = '3';
      if (item.kind === 'indicator' && !/^-?\d/.test(String(values[item.key]))) values[item.key] = String(item.min ?? 1);
    }
    const indicator = view.items.find((i) => i.kind === 'indicator');
    if (indicator?.kind === 'indicator') {
      seen('a refused figure', await service.handleAction(headId, 'review.step', { schoolId: school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...values, [indicator.key]: 'lots' }));
    }
    view = await service.handleAction(headId, 'review.step', { schoolId: school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...values });
  }
  seen('summary', view);
  if (view.kind !== 'summary') throw new Error(`expected the summary for ${demo}, got ${JSON.stringify(view).slice(0, 300)}`);
  seen('submitted', await service.handleAction(headId, 'review.submit', { schoolId: school.id, windowId: view.window.id, version: view.version }));

  const proposal = outbound.toLeadership().find((v) => v.kind === 'proposal');
  if (proposal?.kind === 'proposal') {
    const data = { schoolId: school.id, windowId: proposal.window.id, proposalId: proposal.proposalId };
    const line = proposal.moderation.areas[0]!;
    const moderated = await service.handleAction(ceo, 'decision.moderate', { ...data, area: line.value, level: proposal.moderation.levels[0]!.value, reason: 'Agreed at the categorisation meeting.' });
    seen('moderated', moderated);
    const current = moderated.kind === 'proposal' ? { ...data, proposalId: moderated.proposalId } : data;
    seen('override form', await service.handleAction(ceo, 'decision.override.form', current));
    const decision = await service.handleAction(ceo, 'decision.confirm', current);
    seen('decision', decision);
    const pair = decision.kind === 'decision' ? decision.peers?.find((p) => p.confirm) : undefined;
    if (pair?.confirm) {
      seen('paired', await service.handleAction(ceo, 'pairing.confirm', pair.confirm.data));
      const request = outbound.sent.find((m) => m.view.kind === 'pairing')?.view;
      if (request?.kind === 'pairing') {
        const supporter = person(trust, (p) => p.roles.includes('head') && p.schoolIds.includes(request.school.id))!;
        seen('pairing answered', await service.handleAction(slack(supporter.slack!.userId), 'pairing.answer', { ...request.answerData, answer: 'accepted' }));
      }
    }
  }
  await say(ceo, '/peers');
  await say(ceo, '/report');
  await say(ceo, `/context ${school.name}`);
  await say(ceo, `/status ${school.name}`);
  await say(ceo, '/review close');
  outbound.sent.forEach((m, i) => seen(`sent ${i} to ${m.to.kind === 'person' ? m.to.personId : 'leadership'}`, m.view));
  return views;
}

describe.each(demoNames())('the %s demo trust in Slack', (demo) => {
  it('draws every view its people see, and every message it sends, within Slack\'s limits', async () => {
    const views = await everyView(demo);
    const kinds = new Set([...views.values()].map((v) => v.kind));
    for (const kind of ['help', 'refusal', 'notice', 'files', 'not_found', 'overview', 'status', 'questionnaire', 'summary'] as const) expect(kinds, kind).toContain(kind);
    const rubric = loadedOnce().rubrics.get(loadDemoTrust(demoTrustFile(demo)).trust.rubricId)!;
    if (rubric.categories.length) for (const kind of ['proposal', 'override', 'decision'] as const) expect(kinds, kind).toContain(kind);
    const problems = [...views].flatMap(([label, view]) => problemsOf(view, label));
    expect(problems).toEqual([]);
    const home = homeView([...views.values()].filter((v) => v.kind === 'status' || v.kind === 'overview' || v.kind === 'notice'), LINKS);
    expect(checkView(home, 'home')).toEqual([]);
  }, 60_000);
});

describe('a trust of 120 schools in Slack', () => {
  it('shows the overview, and each page of every school, within a message\'s 50 blocks', async () => {
    const { store, service } = await demoTrust('ethos');
    const grown = syntheticTrust(loadDemoTrust(demoTrustFile('ethos')), 120, loadedOnce().rubrics.get('ethos'));
    await store.saveTrust(grown, { at: START, actor: 'system', action: 'trust.updated', subject: `trust:${grown.id}`, detail: {} });
    const ceo = slack('U0DEMOCEO');
    await service.handleText(ceo, '/review open');
    const first = await service.handleText(ceo, '/status');
    expect(first.kind).toBe('overview');
    expect(problemsOf(first, 'overview')).toEqual([]);
    for (let page = 1; page <= 5; page++) {
      const view = await service.handleAction(ceo, 'overview.show', { page });
      expect(view.kind).toBe('overview');
      expect(problemsOf(view, `page ${page}`)).toEqual([]);
      expect(JSON.stringify(renderMessage(view).blocks)).toContain(`Every school, page ${page} of 5:`);
    }
    // A head of one of the new schools is known by their Slack id.
    expect((await service.handleText(slack('U0DEMOSCHOOL120'), '/status')).kind).toBe('status');
  });
});

/** A stored decision's calendar file, rebuilt on request: what its decision card's link downloads. */
import { describe, expect, it } from 'vitest';
import { categoryName } from '../../src/evaluator/explain.js';
import { decisionCalendar } from '../../src/review/index.js';
import type { DecisionView, View } from '../../src/review/views.js';
import { CEO, completeReview, demoContext } from './harness.js';

function asDecision(view: View): DecisionView {
  if (view.kind !== 'decision') throw new Error(`expected a decision, got ${JSON.stringify(view).slice(0, 300)}`);
  return view;
}

describe('a decision\'s calendar file', () => {
  it('is the file the decision card offered, for as long as the decision is kept', async () => {
    const { ctx, service, outbound } = await demoContext();
    const proposal = await completeReview(service, outbound);
    const view = asDecision(await service.handleAction(CEO, 'decision.override', {
      schoolId: 'reach-academy', windowId: proposal.window.id, proposalId: proposal.proposalId, category: 'stabilise', rationale: 'The new head starts in January and needs the closer support.',
    }));
    expect(view.decisionId).toBeDefined();
    expect(view.schedule.items.length).toBeGreaterThan(0);

    const file = await decisionCalendar(ctx, view.decisionId!);
    expect(file).toEqual(view.ics);
    expect(file!.filename).toBe('reach-academy-2026-27-spring-support.ics');
    expect(file!.content.match(/BEGIN:VEVENT/g)).toHaveLength(view.schedule.items.length);
    expect(file!.content).toContain('NAME:Reach Academy: support (STABILISE)');
  });

  it('is made for a decision recorded before this run, from its category', async () => {
    const { ctx, store } = await demoContext();
    const [earlier] = await store.listDecisions({ schoolId: 'reach-academy', windowId: '2025-26-summer' });
    const file = await decisionCalendar(ctx, earlier!.id);
    expect(file?.filename).toBe('reach-academy-2026-27-autumn-support.ics');
    expect(file?.content).toContain(`NAME:Reach Academy: support (${categoryName(ctx.rubrics.get('ethos')!, earlier!.category)})`);
  });

  it('is null for a decision that does not exist', async () => {
    const { ctx, store } = await demoContext();
    const [earlier] = await store.listDecisions({ schoolId: 'reach-academy' });
    expect(await decisionCalendar(ctx, `${earlier!.id}x`)).toBeNull();
    expect(await decisionCalendar(ctx, '')).toBeNull();
  });
});

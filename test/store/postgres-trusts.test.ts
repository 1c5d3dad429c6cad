/**
 * Every record belongs to a trust: two trusts' stores on one database share ids freely and see
 * nothing of each other, whatever they keep.
 */
import { expect, it } from 'vitest';
import { audit, conversation, decision, evaluation, lastDone, message, pairing, submission, trust, window } from './fixtures.js';
import { suiteFor, useTestDatabase } from './postgres.js';

const db = useTestDatabase();

suiteFor('postgres')('two trusts on one database', () => {
  it('keeps each trust\'s records apart, with the same ids in both', async () => {
    const database = await db!.fresh();
    const a = database.store('ethos');
    const b = database.store('other');
    const fill = async (store: typeof a, id: string) => {
      await store.saveTrust({ ...trust, id, name: `Trust ${id}` }, audit(`trust:${id}`));
      await store.saveWindow(window, audit('w'));
      await store.saveSubmission(submission(), 0, audit('s'));
      await store.addEvaluation(evaluation, audit('e'));
      await store.addDecision(decision, audit('d'));
      await store.savePairing(pairing, audit('p'));
      await store.saveConversation(conversation);
      await store.saveLastDone(lastDone, audit('l'));
      await store.enqueue(message(1));
      await store.saveJobRun({ id: 'job', kind: 'open', dueAt: '2026-11-27T08:30:00.000Z', state: 'done', attempts: 1, startedAt: '2026-11-27T08:30:00.000Z' });
    };
    await fill(a, 'ethos');
    expect(await b.getTrust()).toBeNull();
    expect(await b.listWindows()).toEqual([]);
    expect(await b.getSubmission('reach-academy', 'window-1')).toBeNull();
    expect(await b.listDecisions()).toEqual([]);
    expect(await b.getDecision('decision-1')).toBeNull();
    expect(await b.listStandings('window-1', 3)).toEqual([]);
    expect(await b.listOutbox()).toEqual([]);
    expect(await b.listAudit()).toEqual([]);
    expect(await b.getConversation(conversation.key, 'teams')).toBeNull();
    expect(await b.exportRecords()).toEqual([]);

    // The same ids again in the other trust: no clash, and each keeps its own.
    await fill(b, 'other');
    await b.saveSubmission({ ...submission(), state: 'submitted' }, 1, audit('s'));
    expect((await a.getSubmission('reach-academy', 'window-1'))?.state).toBe('draft');
    expect((await b.getSubmission('reach-academy', 'window-1'))?.state).toBe('submitted');
    expect((await a.getTrust())?.name).toBe('Trust ethos');
    expect((await b.getTrust())?.name).toBe('Trust other');
    expect((await a.listAudit()).length).toBe((await b.listAudit()).length - 1);
    expect((await database.listTrusts()).map((t) => t.id)).toEqual(['ethos', 'other']);
  });
});

/** What a use-case relies on, checked for every store: they are meant to be interchangeable. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory.js';
import { postgresTitle, suiteFor, useTestDatabase } from './postgres.js';
import { StoreConflictError, StoreRecordError, type Store } from '../../src/store/port.js';
import { audit, conversation, decision, evaluation, lastDone, message, pairing, submission, trust, window } from './fixtures.js';

const db = useTestDatabase();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const stores: [string, () => Promise<Store>][] = [
  ['file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'termly-store-'));
    dirs.push(dir);
    return FileStore.open(join(dir, 'termly.db.json'));
  }],
  ['memory', async () => new MemoryStore()],
  [postgresTitle('postgres'), async () => (await db!.fresh()).store('ethos')],
];

for (const [name, open] of stores) suiteFor(name)(`${name} store`, () => {
  it('starts empty', async () => {
    const store = await open();
    expect(await store.getTrust()).toBeNull();
    expect(await store.listWindows()).toEqual([]);
    expect(await store.listAudit()).toEqual([]);
  });

  it('records each audited write with the caller\'s time and an increasing seq', async () => {
    const store = await open();
    await store.saveTrust(trust, audit('trust:ethos', '2026-11-01T09:00:00.000+00:00'));
    await store.saveWindow(window, audit('window:2026-27-autumn', '2026-11-16T08:00:00.000+00:00'));
    await store.saveSubmission(submission(), 0, audit('submission:1', '2026-11-20T10:15:00.000+00:00'));
    const log = await store.listAudit();
    expect(log.map((a) => [a.subject, a.at])).toEqual([
      ['trust:ethos', '2026-11-01T09:00:00.000+00:00'],
      ['window:2026-27-autumn', '2026-11-16T08:00:00.000+00:00'],
      ['submission:1', '2026-11-20T10:15:00.000+00:00'],
    ]);
    // Numbered in order; a database's numbering may skip (a write rolled back), so only the order is promised.
    expect(log.every((a, i) => i === 0 || a.seq > log[i - 1]!.seq)).toBe(true);
    expect(log[0]!.detail).toEqual({});
    expect(await store.listAudit({ subject: 'window:2026-27-autumn' })).toHaveLength(1);
  });

  it('numbers submission versions and refuses a save from a stale version', async () => {
    const store = await open();
    await store.saveSubmission({ ...submission(), version: 99 }, 0, audit('submission:1'));
    expect((await store.getSubmission('reach-academy', 'window-1'))?.version).toBe(1);

    const edited = { ...submission(), state: 'submitted' as const };
    await store.saveSubmission(edited, 1, audit('submission:1'));
    const stale = store.saveSubmission({ ...submission(), updatedBy: 'someone-else' }, 1, audit('submission:1'));
    await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
    await expect(stale).rejects.toThrow('version 2, you had 1');

    const kept = await store.getSubmission('reach-academy', 'window-1');
    expect(kept).toMatchObject({ version: 2, state: 'submitted', updatedBy: 'head-reach-academy' });
    expect(await store.listAudit()).toHaveLength(2);
  });

  it('refuses a second new submission for the same school and window', async () => {
    const store = await open();
    await store.saveSubmission(submission(), 0, audit('submission:1'));
    const other = { ...submission(), id: 'started-elsewhere' };
    await expect(store.saveSubmission(other, 0, audit('submission:x'))).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.saveSubmission(other, 1, audit('submission:x'))).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.listSubmissions()).toHaveLength(1);
  });

  it('lists submissions by school and by window', async () => {
    const store = await open();
    await store.saveSubmission(submission(1, 'reach-academy'), 0, audit('s'));
    await store.saveSubmission(submission(2, 'reach-academy'), 0, audit('s'));
    await store.saveSubmission(submission(1, 'engage-academy'), 0, audit('s'));
    expect((await store.listSubmissions({ schoolId: 'reach-academy' })).map((s) => s.windowId)).toEqual(['window-1', 'window-2']);
    expect((await store.listSubmissions({ windowId: 'window-1' })).map((s) => s.schoolId)).toEqual(['reach-academy', 'engage-academy']);
    expect(await store.getSubmission('engage-academy', 'window-2')).toBeNull();
  });

  it('keeps one outbox message per idempotency key', async () => {
    const store = await open();
    const first = await store.enqueue(message(1, 'reminder:reach:w1'));
    const again = await store.enqueue({ ...message(2, 'reminder:reach:w1'), payload: { text: 'different' } });
    expect(first.added).toBe(true);
    expect(again).toEqual({ message: first.message, added: false });
    expect(await store.listOutbox()).toHaveLength(1);

    const racing = await Promise.all([3, 4, 5, 6].map((n) => store.enqueue(message(n, 'reminder:reach:w2'))));
    expect(racing.filter((r) => r.added)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
    expect(await store.listOutbox()).toHaveLength(2);
  });

  it('queues many outbox messages at once, one per idempotency key, in the order given', async () => {
    const store = await open();
    const first = await store.enqueue(message(1, 'reminder:reach:w1'));
    const batch = await store.enqueueMany([
      { ...message(2, 'reminder:reach:w1'), payload: { text: 'different' } },
      message(3, 'reminder:reach:w2'),
      message(4, 'reminder:reach:w2'),
      message(5, 'reminder:reach:w3'),
    ]);
    expect(batch).toEqual([
      { message: first.message, added: false },
      { message: message(3, 'reminder:reach:w2'), added: true },
      { message: message(3, 'reminder:reach:w2'), added: false },
      { message: message(5, 'reminder:reach:w3'), added: true },
    ]);
    expect((await store.listOutbox()).map((m) => m.id)).toEqual(['message-1', 'message-3', 'message-5']);
    expect(await store.enqueueMany([])).toEqual([]);

    const racing = await Promise.all([
      store.enqueueMany([message(6, 'reminder:reach:w4'), message(7, 'reminder:reach:w5')]),
      store.enqueueMany([message(8, 'reminder:reach:w5'), message(9, 'reminder:reach:w4')]),
      store.enqueue(message(10, 'reminder:reach:w4')),
    ]);
    const results = [...racing[0], ...racing[1], racing[2]];
    expect(results.filter((r) => r.added)).toHaveLength(2);
    expect(await store.listOutbox()).toHaveLength(5);
  });

  it('refuses a batch holding an invalid message or an id already used, naming it, and queues none of it', async () => {
    const store = await open();
    await store.enqueue(message(1));
    const invalid = store.enqueueMany([message(2), { ...message(3), attempts: -1 }]);
    await expect(invalid).rejects.toBeInstanceOf(StoreRecordError);
    await expect(invalid).rejects.toThrow(/the outbox message "message-3":\n.*attempts/);
    await expect(store.enqueueMany([message(4), message(1, 'reminder:another')])).rejects.toThrow('id: "message-1" is already stored');
    await expect(store.enqueueMany([message(5, 'a'), message(5, 'b')])).rejects.toThrow('id: "message-5" is already stored');
    expect((await store.listOutbox()).map((m) => m.id)).toEqual(['message-1']);
  });

  it('updates an outbox message and filters by state', async () => {
    const store = await open();
    await store.enqueue(message(1));
    await store.enqueue(message(2));
    await store.updateOutbox('message-1', { state: 'sent', attempts: 1, sentAt: '2026-11-23T08:31:00.000+00:00' });
    expect((await store.listOutbox({ state: 'pending' })).map((m) => m.id)).toEqual(['message-2']);
    expect((await store.listOutbox({ state: 'sent' }))[0]).toMatchObject({ id: 'message-1', attempts: 1, sentAt: '2026-11-23T08:31:00.000+00:00' });
    await expect(store.updateOutbox('message-9', { state: 'sent' })).rejects.toThrow('message-9');
    await expect(store.updateOutbox('message-2', { attempts: -1 })).rejects.toThrow('attempts');
    expect((await store.listOutbox({ state: 'pending' }))[0]?.attempts).toBe(0);
  });

  it('hands out copies: changing what was read or what was saved changes nothing stored', async () => {
    const store = await open();
    const mine = structuredClone(trust);
    await store.saveTrust(mine, audit('trust:ethos'));
    mine.schools[0]!.name = 'Changed after saving';

    // The trust, read on every message, is handed out read-only rather than copied each time.
    const read = await store.getTrust();
    expect(() => {
      read!.name = 'Changed after reading';
    }).toThrow(TypeError);
    expect(() => read!.schools.push({ id: 'x', name: 'X', aliases: [] })).toThrow(TypeError);
    expect(() => {
      read!.schools[0]!.aliases[0] = 'X';
    }).toThrow(TypeError);
    await store.saveSubmission(submission(), 0, audit('s'));
    const [listed] = await store.listSubmissions();
    listed!.answers.ratings.leadership = 'intervention_required';
    (await store.listAudit())[0]!.detail.extra = true;

    expect(await store.getTrust()).toEqual(trust);
    expect((await store.getSubmission('reach-academy', 'window-1'))?.answers.ratings.leadership).toBe('assured');
    expect((await store.listAudit())[0]!.detail).toEqual({});
  });

  it('refuses an invalid record, naming the field and the value, and writes nothing', async () => {
    const store = await open();
    const bad = { ...trust, schools: [{ id: 'reach-academy', name: 42 }] } as unknown as typeof trust;
    const saving = store.saveTrust(bad, audit('trust:ethos'));
    await expect(saving).rejects.toBeInstanceOf(StoreRecordError);
    await expect(saving).rejects.toThrow('schools[0].name: expected string, found number 42');
    await expect(store.saveWindow(window, { ...audit('w'), at: 'yesterday' })).rejects.toThrow('at:');
    expect(await store.getTrust()).toBeNull();
    expect(await store.listWindows()).toEqual([]);
    expect(await store.listAudit()).toEqual([]);
  });

  it('refuses an override without a rationale and a duplicate decision', async () => {
    const store = await open();
    await expect(store.addDecision({ ...decision, rationale: ' ' }, audit('d'))).rejects.toThrow('rationale: required');
    await store.addDecision(decision, audit('decision:1'));
    await expect(store.addDecision(decision, audit('decision:1'))).rejects.toThrow('already stored');
    expect(await store.listDecisions()).toHaveLength(1);
    expect(await store.getDecision('decision-1')).toEqual(decision);
    expect(await store.getDecision('decision-9')).toBeNull();
  });

  it('keeps one trust: saving another in its place is refused, naming both', async () => {
    const store = await open();
    await store.saveTrust(trust, audit('trust:ethos'));
    await store.saveTrust({ ...trust, name: 'Ethos Academies' }, audit('trust:ethos'));
    await expect(store.saveTrust({ ...trust, id: 'cmat' }, audit('trust:cmat'))).rejects.toThrow('id: this store keeps the trust "ethos"');
    expect((await store.getTrust())?.name).toBe('Ethos Academies');
    expect(await store.listAudit()).toHaveLength(2);
  });

  it('keeps decisions made at the same instant in the order added, and finds one by id', async () => {
    const store = await open();
    for (const id of ['b', 'a', 'c']) await store.addDecision({ ...decision, id }, audit('d'));
    expect((await store.listDecisions()).map((d) => d.id)).toEqual(['b', 'a', 'c']);
    expect((await store.listDecisions({ schoolId: 'reach-academy' })).map((d) => d.id)).toEqual(['b', 'a', 'c']);
    expect((await store.listLatestDecisions(2)).map((d) => d.id)).toEqual(['a', 'c']);
    expect((await store.getDecision('a'))?.id).toBe('a');
  });

  it('lists the outbox about one school, in the order queued', async () => {
    const store = await open();
    const about = (n: number, schoolId: string | null) => ({ ...message(n), payload: { text: `m${n}`, school: schoolId ? { id: schoolId, name: schoolId } : null } });
    await store.enqueueMany([about(1, 'reach-academy'), about(2, 'engage-academy'), about(3, null), about(4, 'reach-academy')]);
    await store.updateOutbox('message-4', { state: 'failed', attempts: 5, lastError: 'HTTP 403' });
    expect((await store.listOutbox({ schoolId: 'reach-academy' })).map((m) => m.id)).toEqual(['message-1', 'message-4']);
    expect((await store.listOutbox({ schoolId: 'reach-academy', state: 'failed' })).map((m) => m.id)).toEqual(['message-4']);
    expect(await store.listOutbox({ schoolId: 'elements-academy' })).toEqual([]);
  });

  it('lets several senders share the outbox: whole conversations claimed by one, the rest by another, a lapsed claim taken over', async () => {
    const store = await open();
    const to = (n: number, who: string, notBefore?: string) => ({ ...message(n), to: `person:${who}`, ...(notBefore ? { notBefore } : {}) });
    await store.enqueueMany([to(1, 'a'), to(2, 'b'), to(3, 'a'), to(4, 'c', '2026-11-23T09:00:00.000+00:00'), to(5, 'd')]);
    const now = '2026-11-23T08:30:00.000+00:00';
    const first = await store.claimOutbox({ by: 'replica-1', now, leaseMs: 60_000, conversations: 2 });
    // Conversation a whole (both its messages), then b, in the order queued; c's first message may not go yet.
    expect(first.map((m) => m.id)).toEqual(['message-1', 'message-2', 'message-3']);
    expect(first.every((m) => m.claimedBy === 'replica-1' && Date.parse(m.claimedUntil!) > Date.now())).toBe(true);
    const second = await store.claimOutbox({ by: 'replica-2', now, leaseMs: 60_000, conversations: 5 });
    expect(second.map((m) => m.id)).toEqual(['message-5']);
    expect(await store.claimOutbox({ by: 'replica-3', now, leaseMs: 60_000, conversations: 5 })).toEqual([]);

    // An outcome ends the claim; a release gives a message back to any sender.
    await store.updateOutboxMany([{ id: 'message-1', change: { state: 'sent', attempts: 1, sentAt: now } }]);
    await store.releaseOutbox('replica-2', ['message-5', 'message-3']);
    const kept = Object.fromEntries((await store.listOutbox()).map((m) => [m.id, m.claimedBy ?? null]));
    expect(kept).toEqual({ 'message-1': null, 'message-2': 'replica-1', 'message-3': 'replica-1', 'message-4': null, 'message-5': null });
    expect((await store.claimOutbox({ by: 'replica-3', now: '2026-11-23T09:00:00.000+00:00', leaseMs: 60_000, conversations: 5 })).map((m) => m.id)).toEqual(['message-4', 'message-5']);

    // replica-1 stops (its lease short): once it lapses, its conversations go to another.
    await store.claimOutbox({ by: 'replica-1', now, leaseMs: 1, conversations: 5 });
    await new Promise((r) => setTimeout(r, 20));
    expect((await store.claimOutbox({ by: 'replica-2', now, leaseMs: 60_000, conversations: 5 })).map((m) => m.id)).toEqual(['message-2', 'message-3']);
    await expect(store.claimOutbox({ by: '', now, leaseMs: 0, conversations: 1 })).rejects.toThrow(/by: .*\n.*leaseMs: expected a whole number 1 or more, found 0/);
  });

  it('runs work under a named lock one holder at a time, and counts the senders sharing the outbox', async () => {
    const store = await open();
    let release!: () => void;
    const held = store.withLock('scheduler', () => new Promise<string>((r) => { release = () => r('first'); }));
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.withLock('scheduler', async () => 'second')).toEqual({ ran: false });
    expect(await store.withLock('another', async () => 'other')).toEqual({ ran: true, value: 'other' });
    release();
    expect(await held).toEqual({ ran: true, value: 'first' });
    expect(await store.withLock('scheduler', async () => 'third')).toEqual({ ran: true, value: 'third' });

    expect(await store.liveSenders('replica-1', 60_000)).toBe(1);
    expect(await store.liveSenders('replica-2', 60_000)).toBe(2);
    expect(await store.liveSenders('replica-1', 60_000)).toBe(2);
    expect(await store.liveSenders('replica-3', 1)).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.liveSenders('replica-1', 60_000)).toBe(2);
  });

  it('reads every school\'s standing for the overview at once: submission, proposal, whether decided, newest decisions', async () => {
    const store = await open();
    await store.saveSubmission({ ...submission(1), state: 'submitted' }, 0, audit('s'));
    await store.saveSubmission(submission(1, 'engage-academy'), 0, audit('s'));
    await store.addEvaluation(evaluation, audit('e'));
    await store.addDecision({ ...decision, id: 'old', windowId: 'window-0', decidedAt: '2026-07-01T09:00:00.000+00:00' }, audit('d'));
    await store.addDecision({ ...decision, proposalId: evaluation.id }, audit('d'));
    await store.addDecision({ ...decision, id: 'elements', schoolId: 'elements-academy', windowId: 'window-0' }, audit('d'));
    const standings = await store.listStandings('window-1', 1);
    expect(standings.map((s) => [s.schoolId, s.submission?.state ?? null, s.proposal?.category?.id ?? null, s.decided, s.decisions.map((d) => d.id)])).toEqual([
      ['elements-academy', null, null, false, ['elements']],
      ['engage-academy', 'draft', null, false, []],
      ['reach-academy', 'submitted', 'improve', true, ['decision-1']],
    ]);
    expect(standings[2]!.proposal).toEqual({ id: 'evaluation-1', category: { id: 'improve', name: 'Improve' } });
    expect((await store.listStandings(null, 2)).map((s) => [s.schoolId, s.submission, s.proposal, s.decisions.length])).toEqual([
      ['elements-academy', null, null, 1], ['reach-academy', null, null, 2],
    ]);
    await expect(store.listStandings('window-1', 0)).rejects.toThrow('perSchool');
  });

  it('lists decisions oldest first and returns the newest evaluation', async () => {
    const store = await open();
    await store.addDecision({ ...decision, id: 'later', windowId: 'w2', decidedAt: '2027-03-30T09:00:00.000+01:00' }, audit('d'));
    await store.addDecision(decision, audit('d'));
    expect((await store.listDecisions()).map((d) => d.id)).toEqual(['decision-1', 'later']);
    expect((await store.listDecisions({ windowId: 'w2' })).map((d) => d.id)).toEqual(['later']);

    await store.addEvaluation({ ...evaluation, id: 'newer', at: '2026-11-21T10:00:00.000+00:00' }, audit('e'));
    await store.addEvaluation(evaluation, audit('e'));
    expect((await store.latestEvaluation('reach-academy', 'window-1'))?.id).toBe('newer');
    expect(await store.latestEvaluation('reach-academy', 'window-2')).toBeNull();
  });

  it('replaces a window, a conversation and a last-done date by their keys', async () => {
    const store = await open();
    await store.saveWindow(window, audit('w'));
    await store.saveWindow({ ...window, state: 'closed', closedAt: '2026-12-04T17:00:00.000+00:00' }, audit('w'));
    expect((await store.listWindows()).map((w) => w.state)).toEqual(['closed']);

    await store.saveConversation(conversation);
    await store.saveConversation({ ...conversation, reference: { conversation: { id: 'a:2' } } });
    await store.saveConversation({ ...conversation, platform: 'slack', reference: { channel: 'D1' } });
    expect((await store.getConversation('person:ceo', 'teams'))?.reference).toEqual({ conversation: { id: 'a:2' } });
    expect((await store.getConversation('person:ceo', 'slack'))?.reference).toEqual({ channel: 'D1' });

    await store.saveLastDone(lastDone, audit('l'));
    await store.saveLastDone({ ...lastDone, date: '2026-10-12' }, audit('l'));
    expect(await store.listLastDone('reach-academy')).toEqual([{ ...lastDone, date: '2026-10-12' }]);
    expect(await store.listLastDone('engage-academy')).toEqual([]);
  });

  it('opens or closes a window only from the state the caller saw, and never a second window at once', async () => {
    const store = await open();
    const scheduled = { ...window, state: 'scheduled' as const };
    const other = { ...scheduled, id: '2026-27-spring', term: 'spring' as const, opensOn: '2027-03-15', closesOn: '2027-03-19' };
    await store.saveWindow(scheduled, audit('w'));
    await store.saveWindow(other, audit('w'));
    const opened = { ...scheduled, state: 'open' as const, openedAt: '2026-11-30T09:00:00.000+00:00' };
    await store.saveWindow(opened, audit('w'), { state: 'scheduled' });
    // The same opening again (a second request that read "scheduled") is refused, and so is another window.
    await expect(store.saveWindow(opened, audit('w'), { state: 'scheduled' })).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.saveWindow({ ...other, state: 'open', openedAt: '2026-11-30T09:00:00.000+00:00' }, audit('w'), { state: 'scheduled' })).rejects.toBeInstanceOf(StoreConflictError);
    expect((await store.listWindows()).map((w) => w.state)).toEqual(['open', 'scheduled']);
    expect((await store.listAudit()).filter((e) => e.subject === 'w')).toHaveLength(3);
  });

  it('finds the newest evaluation of every school in a window, by school', async () => {
    const store = await open();
    await store.addEvaluation({ ...evaluation, id: 'reach-old', at: '2026-11-20T09:00:00.000+00:00' }, audit('e'));
    await store.addEvaluation({ ...evaluation, id: 'reach-new', at: '2026-11-21T09:00:00.000+00:00' }, audit('e'));
    await store.addEvaluation({ ...evaluation, id: 'engage', schoolId: 'engage-academy', submissionId: 's-engage' }, audit('e'));
    await store.addEvaluation({ ...evaluation, id: 'other-window', windowId: 'window-2' }, audit('e'));
    expect((await store.latestEvaluations('window-1')).map((e) => e.id)).toEqual(['engage', 'reach-new']);
    expect((await store.latestEvaluations('window-1'))[1]).toEqual({ ...evaluation, id: 'reach-new', at: '2026-11-21T09:00:00.000+00:00' });
    expect(await store.latestEvaluations('window-9')).toEqual([]);
  });

  it('lists the newest decisions of every school, by school and oldest first', async () => {
    const store = await open();
    const at = (n: number) => `2027-0${n}-01T09:00:00.000+00:00`;
    await store.addDecision({ ...decision, id: 'r3', windowId: 'w3', decidedAt: at(3) }, audit('d'));
    await store.addDecision({ ...decision, id: 'r1', windowId: 'w1', decidedAt: at(1) }, audit('d'));
    await store.addDecision({ ...decision, id: 'r2', windowId: 'w2', decidedAt: at(2) }, audit('d'));
    await store.addDecision({ ...decision, id: 'e1', schoolId: 'engage-academy', windowId: 'w1', decidedAt: at(1) }, audit('d'));
    expect((await store.listLatestDecisions(2)).map((d) => d.id)).toEqual(['e1', 'r2', 'r3']);
    expect((await store.listLatestDecisions(1)).map((d) => d.id)).toEqual(['e1', 'r3']);
    expect((await store.listDecisions({ schoolId: 'reach-academy', windowId: 'w2' })).map((d) => d.id)).toEqual(['r2']);
    await expect(store.listLatestDecisions(0)).rejects.toThrow('perSchool: expected a whole number 1 or more, found 0');
  });

  it('imports records into an empty store in one write, each with its audit entry, and refuses a store with a trust', async () => {
    const store = await open();
    await store.importRecords([
      { kind: 'window', record: window, audit: audit('window:2026-27-autumn') },
      { kind: 'submission', record: submission(), audit: audit('submission:1') },
      { kind: 'evaluation', record: evaluation },
      { kind: 'decision', record: decision, audit: audit('decision:1') },
      { kind: 'trust', record: trust, audit: audit('trust:ethos') },
    ]);
    expect(await store.getTrust()).toEqual(trust);
    expect(await store.getSubmission('reach-academy', 'window-1')).toEqual(submission());
    expect(await store.latestEvaluation('reach-academy', 'window-1')).toEqual(evaluation);
    expect(await store.listDecisions()).toEqual([decision]);
    expect((await store.listAudit()).map((a) => a.subject)).toEqual(['window:2026-27-autumn', 'submission:1', 'decision:1', 'trust:ethos']);
    await expect(store.importRecords([{ kind: 'window', record: { ...window, id: 'another' } }])).rejects.toThrow('already holds the trust "ethos"');
    expect(await store.listWindows()).toHaveLength(1);
  });

  it('keeps one pairing per decision and area, answered in place, and lists them by decision', async () => {
    const store = await open();
    await store.addDecision(decision, audit('decision:1'));
    await store.addDecision({ ...decision, id: 'decision-2', schoolId: 'engage-academy', kind: 'confirmed' }, audit('decision:2'));
    await store.savePairing(pairing, audit('pairing:decision-1/attendance'), { answer: null });
    const other = { ...pairing, decisionId: 'decision-2', schoolId: 'engage-academy', peerSchoolId: 'reach-academy' };
    await store.savePairing(other, audit('pairing:decision-2/attendance'));
    // A second confirmation of the same area, made from the same starting point, is refused.
    await expect(store.savePairing({ ...pairing, peerSchoolId: 'elements-academy' }, audit('p'), { answer: null })).rejects.toBeInstanceOf(StoreConflictError);

    const answered = { ...pairing, answer: 'accepted' as const, answeredBy: 'engage-head', answeredAt: '2026-12-09T08:00:00.000+00:00' };
    await store.savePairing(answered, audit('pairing:decision-1/attendance'), { answer: 'awaited' });
    await expect(store.savePairing({ ...answered, answer: 'declined' }, audit('p'), { answer: 'awaited' })).rejects.toBeInstanceOf(StoreConflictError);

    expect(await store.listPairings({ decisionIds: ['decision-1'] })).toEqual([answered]);
    expect(await store.listPairings({ decisionIds: ['decision-2', 'decision-1', 'nothing'] })).toEqual([other, answered]);
    expect(await store.listPairings()).toEqual([answered, other]);
    expect((await store.listAudit()).filter((a) => a.subject.startsWith('pairing:'))).toHaveLength(3);
  });

  it('refuses a pairing without its decision, with itself as peer, or answered without who and when, naming it', async () => {
    const store = await open();
    await expect(store.savePairing(pairing, audit('p'))).rejects.toThrow('decisionId: no decision "decision-1"');
    await store.addDecision(decision, audit('decision:1'));
    await expect(store.savePairing({ ...pairing, windowId: 'window-9' }, audit('p'))).rejects.toThrow('windowId: the decision is in window "window-1"');
    await expect(store.savePairing({ ...pairing, peerSchoolId: 'reach-academy' }, audit('p'))).rejects.toThrow('never its own peer');
    await expect(store.savePairing({ ...pairing, answer: 'accepted' }, audit('p'))).rejects.toBeInstanceOf(StoreRecordError);
    expect(await store.listPairings()).toEqual([]);
    expect(await store.listAudit()).toHaveLength(1);
  });

  it('refuses an import holding an invalid record, naming it, and imports none of it', async () => {
    const store = await open();
    const importing = store.importRecords([
      { kind: 'window', record: window },
      { kind: 'submission', record: { ...submission(), version: 0 } },
    ]);
    await expect(importing).rejects.toBeInstanceOf(StoreRecordError);
    await expect(importing).rejects.toThrow(/record 2 to import \(submission\):\n.*version/);
    expect(await store.listWindows()).toEqual([]);
  });
});

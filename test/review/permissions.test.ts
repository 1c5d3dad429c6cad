/** Runs every cell of the permissions table (permissions.table.ts) against the use-cases. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/review/actor.js';
import type { ReviewContext } from '../../src/review/context.js';
import { createReviewService } from '../../src/review/service.js';
import type { View } from '../../src/review/views.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { StoreData } from '../../src/store/records.js';
import { demoContext, fill, RecordingOutbound } from './harness.js';
import { cells, PERMISSIONS, PROPOSAL, ROLES, VERSION, type Role, type Row } from './permissions.table.js';
import { permissionsDoc, PERMISSIONS_DOC } from './permissions-doc.js';

const teams = (n: number): Identity => ({ platform: 'teams', aadObjectId: `00000000-0000-0000-0000-00000000000${n}` });
const PEOPLE: Record<Role, Identity> = {
  head: teams(21), cfoo: teams(28), hr_lead: teams(29), finance_lead: teams(30), estates_lead: teams(31),
  director_of_education: teams(27), ceo: teams(20), stranger: { platform: 'teams', aadObjectId: '99999999-0000-0000-0000-000000000099' },
};



let scene: StoreData;
let beforeOpening: StoreData;
let decided: StoreData;
let base: Omit<ReviewContext, 'store' | 'outbound'>;

beforeAll(async () => {
  const { ctx, service, store } = await demoContext();
  const ceo = PEOPLE.ceo;
  beforeOpening = structuredClone(await (store as MemoryStore).document());
  expect((await service.handleText(ceo, '/review open')).kind).toBe('notice');
  for (const [head, school] of [[PEOPLE.head, 'reach-academy'], [teams(22), 'engage-academy']] as const) {
    let view: View = await service.handleAction(head, 'review.start', { schoolId: school });
    while (view.kind === 'questionnaire') {
      view = await service.handleAction(head, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view, 'not_yet_assured', () => '50') });
    }
    expect(view.kind).toBe('summary');
    if (view.kind !== 'summary') return;
    expect((await service.handleAction(head, 'review.submit', { schoolId: school, windowId: view.window.id, version: view.version })).kind).toBe('summary');
  }
  // The scene as a document: the memory store's records, copied for each cell.
  scene = structuredClone(await (store as MemoryStore).document());
  // Then the CEO confirms both autumn proposals: the scene for reopening a decided review.
  for (const school of ['reach-academy', 'engage-academy']) {
    const proposal = await store.latestEvaluation(school, '2026-27-autumn');
    expect((await service.handleAction(ceo, 'decision.confirm', { schoolId: school, windowId: '2026-27-autumn', proposalId: proposal?.id })).kind).toBe('decision');
  }
  decided = structuredClone(await (store as MemoryStore).document());
  const { store: _store, outbound: _outbound, ...rest } = ctx;
  base = rest;
});

async function attempt(row: Row, role: Role, store: MemoryStore): Promise<{ allowed: boolean; said: string }> {
  const ctx: ReviewContext = { ...base, store, outbound: new RecordingOutbound() };
  const service = createReviewService(ctx);
  const identity = PEOPLE[role];
  let view: View;
  if (row.act.door === 'chat') {
    view = await service.handleText(identity, row.act.text);
  } else if (row.act.door === 'file') {
    view = await service.handleFile(identity, { name: row.act.name, content: Buffer.from(row.act.content) }, row.act.text);
  } else {
    const data = { ...row.act.data };
    if (data.version === VERSION) data.version = (await store.getSubmission(String(data.schoolId), String(data.windowId)))?.version ?? 0;
    if (data.proposalId === PROPOSAL) data.proposalId = (await store.latestEvaluation(String(data.schoolId), String(data.windowId)))?.id ?? 'none';
    view = await service.handleAction(identity, row.act.verb, data);
  }
  const refused = view.kind === 'refusal' || view.kind === 'not_found' || (view.kind === 'help' && view.notUnderstood !== null);
  return { allowed: !refused, said: view.kind === 'refusal' ? view.message : view.kind };
}

describe('who may do what (docs/permissions.md)', () => {
  it.each(PERMISSIONS.map((row) => [`${row.what}, ${row.scope}`, row] as const))('%s', async (_name, row) => {
    const expected = cells(row);
    const actual: Record<string, string> = {};
    const wrong: string[] = [];
    const fresh = () => new MemoryStore(row.beforeOpening ? beforeOpening : row.decided ? decided : scene);
    let store = fresh();
    for (const role of ROLES) {
      const before = JSON.stringify(await store.document());
      const { allowed, said } = await attempt(row, role, store);
      // A refusal changes nothing; what was allowed may have, so the next person starts from the scene again.
      if (!allowed) expect(JSON.stringify(await store.document()), `${role}'s refusal changed the store`).toBe(before);
      else store = fresh();
      actual[role] = allowed ? 'yes' : 'no';
      if (allowed !== expected[role]) wrong.push(`${role}: expected ${expected[role] ? 'yes' : 'no'}, got ${allowed ? 'yes' : 'no'} (${said})`);
      // A refusal always says why, in words.
      if (!allowed && said !== 'not_found' && said !== 'help') expect(said.length, `${role} refused in silence`).toBeGreaterThan(20);
    }
    expect(wrong, `actual: ${ROLES.map((r) => actual[r]).join(' ')}`).toEqual([]);
  });

  it('docs/permissions.md is generated from this table (run: npm run docs:permissions)', () => {
    expect(readFileSync(PERMISSIONS_DOC, 'utf8')).toBe(permissionsDoc());
  });
});

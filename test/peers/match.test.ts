/** Matching a weak area with peers strong in it: the rule, as a table of small trusts. */
import { beforeAll, describe, expect, it } from 'vitest';
import { isStrong, isWeak, suggestPeers, type PastReview, type PeerSchool } from '../../src/peers/match.js';
import { loadRubrics } from '../../src/rubric/load.js';
import type { Rubric, Scale } from '../../src/rubric/schema.js';

let ethos: Rubric;
let cmat: Rubric;
beforeAll(() => {
  const rubrics = loadRubrics();
  ethos = rubrics.get('ethos')!;
  cmat = rubrics.get('cmat')!;
});

const scale = (n: number): Scale => ({ id: 's', name: 's', levels: Array.from({ length: n }, (_, i) => ({ id: `l${i}`, name: `Level ${i}` })) });

describe('weak and strong levels', () => {
  it.each([
    // levels, weak ranks, strong ranks
    [2, [0], [1]],
    [3, [0], [2]],
    [4, [0, 1], [3]],
    [5, [0, 1], [3, 4]],
  ])('on a scale of %i levels, weak %j and strong %j', (n, weak, strong) => {
    const s = scale(n);
    expect(s.levels.map((_, i) => i).filter((i) => isWeak(s, `l${i}`))).toEqual(weak);
    expect(s.levels.map((_, i) => i).filter((i) => isStrong(s, `l${i}`))).toEqual(strong);
  });
});

const review = (windowId: string, levels: Record<string, string>, category: string | null = 'sustain'): PastReview => ({
  windowId, windowTitle: windowId, levels, category,
});
const school = (id: string, reviews: PastReview[], extra: Partial<PeerSchool> = {}): PeerSchool => ({
  id, name: id.replace(/^./, (c) => c.toUpperCase()), phases: null, reviews, supporting: 0, ...extra,
});
const red = { behaviour: 'intervention_required' };
const strongTwice = (category = 'sustain') => [review('w1', { behaviour: 'assured' }, category), review('w2', { behaviour: 'assured' }, category)];

describe('suggesting peers for a weak area', () => {
  it('suggests a school strong in the area for two reviews, and says why', () => {
    const [s] = suggestPeers(ethos, { id: 'reach', name: 'Reach', phases: null, levels: red }, [school('reach', []), school('engage', strongTwice())]);
    expect(s).toMatchObject({ school: 'reach', area: 'behaviour', level: 'intervention_required', none: null });
    expect(s!.peers).toEqual([expect.objectContaining({ school: 'engage', level: 'assured', reviews: 2 })]);
    expect(s!.peers[0]!.why).toBe('Engage has been Assured in Behaviour for its last 2 reviews (w1 to w2); its category is SUSTAIN, one the framework expects to support other schools.');
  });

  it('never suggests the school itself, however strong its past', () => {
    const suggestions = suggestPeers(ethos, { id: 'reach', name: 'Reach', phases: null, levels: red }, [school('reach', strongTwice())]);
    expect(suggestions[0]!.peers).toEqual([]);
    expect(suggestions[0]!.none).toBe('No other school has been Assured in Behaviour for 2 reviews in a row.');
  });

  it('needs two consecutive strong reviews up to the latest', () => {
    const broken = [review('w1', { behaviour: 'assured' }), review('w2', { behaviour: 'not_yet_assured' }), review('w3', { behaviour: 'assured' })];
    const [s] = suggestPeers(ethos, { id: 'reach', name: 'Reach', phases: null, levels: red }, [school('engage', broken)]);
    expect(s!.peers).toEqual([]);
  });

  it('leaves out a supporter already at its limit, and says so when none is left', () => {
    const [s] = suggestPeers(ethos, { id: 'reach', name: 'Reach', phases: null, levels: red }, [school('engage', strongTwice(), { supporting: 2 })]);
    expect(s!.peers).toEqual([]);
    expect(s!.none).toBe('Every school strong in Behaviour already supports 2 schools this term.');
  });

  it('prefers a supporting category, then the same phase, then the less busy, and suggests two at most', () => {
    const schools = [
      school('alpha', strongTwice('repair'), { phases: ['primary'] }),
      school('bravo', strongTwice('sustain'), { phases: ['secondary'], supporting: 1 }),
      school('charlie', strongTwice('sustain'), { phases: ['primary'], supporting: 1 }),
      school('delta', strongTwice('sustain'), { phases: ['secondary'] }),
    ];
    const [s] = suggestPeers(ethos, { id: 'reach', name: 'Reach', phases: ['primary'], levels: red }, schools);
    expect(s!.peers.map((p) => p.school)).toEqual(['charlie', 'delta']);
  });

  it('asks nothing for areas that are not weak, or that do not apply', () => {
    const levels = { behaviour: 'not_yet_assured', leadership_vision: 'assured' };
    expect(suggestPeers(ethos, { id: 'reach', name: 'Reach', phases: null, levels }, [school('engage', strongTwice())])).toEqual([]);
  });

  it('on a five-level scale, counts the top two levels as strong', () => {
    const area = cmat.groups.flatMap((g) => g.areas).find((a) => a.scale === 'risk')!;
    const levels = cmat.scales.find((s) => s.id === 'risk')!.levels.map((l) => l.id);
    const peer = school('engage', [review('w1', { [area.id]: levels[3]! }, 'category_1'), review('w2', { [area.id]: levels[4]! }, 'category_1')]);
    const [s] = suggestPeers(cmat, { id: 'reach', name: 'Reach', phases: null, levels: { [area.id]: levels[1]! } }, [peer]);
    expect(s!.peers).toEqual([expect.objectContaining({ school: 'engage', level: levels[4], reviews: 2 })]);
  });
});

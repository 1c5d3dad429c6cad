/**
 * `npm run bench -- cards [--n 2000]`: a card expanded from a template compiled once (as the bot
 * does) against a template built anew for every card (parsing every binding each time), on the
 * status and overview views. The last line is the result:
 *   compiled_ms=<per card> fresh_ms=<per card> speedup=<fresh/compiled>
 */
import { Template } from 'adaptivecards-templating/lib/template-engine.js';
import { cardModel, expandTemplate, loadCardTemplates, type CardView } from '../src/cards/index.js';

const school = { id: 'reach-academy', name: 'Reach Academy' };
const window = { id: '2026-27-autumn', title: 'Autumn term 2026-27 review', opensOn: '2026-11-30', closesOn: '2026-12-11', state: 'open' as const };

const VIEWS: CardView[] = [
  {
    kind: 'status', school, note: null, rubricName: 'Ethos termly assurance', category: { id: 'improve', name: 'IMPROVE' }, since: '2026-07-14',
    decidedBy: 'Chief Executive Officer', rationale: null,
    trend: Array.from({ length: 30 }, (_, i) => ({ window: `Term ${i + 1}`, category: { id: 'improve', name: 'IMPROVE' } })), arrow: '↑',
    areas: Array.from({ length: 28 }, (_, i) => ({ name: `Area ${i + 1}`, level: 'Assured', source: 'self_rated', attention: i % 5 === 0 })),
    indicators: Array.from({ length: 12 }, (_, i) => ({ name: `Indicator ${i + 1}`, value: '91.4%', level: 'Assured', attention: false })),
    levelsFrom: 'Summer term 2025-26', showAll: false, basis: null, flags: [], context: [], pairings: [],
    groupShares: [], shareTrend: [], hasCategories: true, submission: { window, state: 'draft', progress: '10 of 28 areas rated' },
    support: [{ title: 'Termly review', owner: 'Director of Education', when: 'on 2027-01-12' }], priorities: [], undelivered: [],
  } as CardView,
  {
    kind: 'overview', trustName: 'Ethos Academy Trust', rubricName: 'Ethos termly assurance', window,
    summary: { total: 100, categories: [{ name: 'IMPROVE', count: 100 }], reviews: [{ state: 'not started', count: 100 }] }, shown: { kind: 'all' },
    schools: Array.from({ length: 100 }, (_, i) => ({ school: { id: `school-${i}`, name: `School ${i}` }, category: 'IMPROVE', arrow: '↑', submission: 'not started' })),
  },
];

export async function cardsBench(args: string[]): Promise<string> {
  const i = args.indexOf('--n');
  const n = i >= 0 ? Number(args[i + 1]) : 2000;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--n: expected a whole number of cards, 1 or more, found ${args[i + 1]}`);
  const templates = loadCardTemplates();
  const models = VIEWS.map((v) => cardModel(v));
  const time = (expand: (m: (typeof models)[number]) => unknown) => {
    for (let k = 0; k < 50; k++) for (const m of models) expand(m);
    const start = performance.now();
    for (let k = 0; k < n; k++) expand(models[k % models.length]!);
    return (performance.now() - start) / n;
  };
  const compiled = time((m) => expandTemplate(templates, m.name, m.data));
  const fresh = time((m) => new Template(templates.get(m.name)!).expand({ $root: m.data }));
  return [
    `cards: ${n} expansions alternating a status card (30 terms, 28 areas, 12 indicators) and an overview of 100 schools`,
    `compiled_ms=${compiled.toFixed(3)} fresh_ms=${fresh.toFixed(3)} speedup=${(fresh / compiled).toFixed(1)}`,
  ].join('\n');
}

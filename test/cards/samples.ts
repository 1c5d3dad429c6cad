/** One view of every kind, with the awkward cases a card must survive (errors, empty lists, nulls). */
import type { CardView } from '../../src/cards/index.js';

const school = { id: 'reach-academy', name: 'Reach Academy' };
const window = { id: '2026-27-autumn', title: 'Autumn term 2026-27 review', opensOn: '2026-11-30', closesOn: '2026-12-11', state: 'open' as const };

export const SAMPLES: Record<string, CardView> = {
  help: {
    kind: 'help', leadership: true, notUnderstood: null,
    commands: [{ command: 'review', description: 'start or carry on your school\'s review' }, { command: '/status <school>', description: 'a school at a glance' }],
  },
  helpNotUnderstood: { kind: 'help', leadership: false, notUnderstood: 'stauts reach', commands: [{ command: 'help', description: 'this list' }] },
  refusal: { kind: 'refusal', message: 'Sorry, opening a review window is for trust leadership only.' },
  error: { kind: 'error', reference: 'a1b2c3' },
  notice: {
    kind: 'notice', title: 'Autumn term 2026-27 review: Reach Academy',
    lines: ['The review is open.', 'You can save and come back.'],
    action: { title: 'Start', verb: 'review.start', data: { schoolId: 'reach-academy', windowId: '2026-27-autumn' } },
  },
  noticeWithoutAction: { kind: 'notice', title: 'Saved for Reach Academy', lines: ['Attendance: 91.4% (Assured).'], action: null },
  notFound: { kind: 'not_found', query: 'Reech', suggestions: ['Reach Academy', 'Enrich Academy'] },
  notFoundNoSuggestion: { kind: 'not_found', query: 'Hogwarts', suggestions: [] },
  overview: {
    kind: 'overview', trustName: 'Ethos Academy Trust', rubricName: 'Ethos termly assurance', window,
    summary: { total: 2, categories: [{ name: 'IMPROVE', count: 1 }, { name: 'not yet categorised', count: 1 }], reviews: [{ state: 'awaiting a decision', count: 1 }, { state: 'not started', count: 1 }] },
    shown: { kind: 'all' },
    schools: [
      { school, category: 'IMPROVE', arrow: '↑', submission: 'submitted: REPAIR proposed' },
      { school: { id: 'engage-academy', name: 'Engage Academy' }, category: '—', arrow: '·', submission: 'not started' },
    ],
  },
  overviewNoWindow: { kind: 'overview', trustName: 'Ethos Academy Trust', rubricName: 'Ethos', window: null, summary: { total: 0, categories: [], reviews: [] }, shown: { kind: 'all' }, schools: [] },
  overviewPage: {
    kind: 'overview', trustName: 'Large Trust', rubricName: 'Ethos termly assurance', window,
    summary: { total: 60, categories: [{ name: 'IMPROVE', count: 60 }], reviews: [{ state: 'not started', count: 60 }] },
    shown: { kind: 'page', page: 2, pages: 3 },
    schools: [{ school, category: 'IMPROVE', arrow: '→', submission: 'not started' }],
  },
  status: {
    kind: 'status', school, note: null, rubricName: 'Ethos termly assurance',
    category: { id: 'improve', name: 'Improve' }, since: '2026-07-20', decidedBy: 'Chief Executive Officer', rationale: 'New head starts in September.',
    trend: [{ window: 'Autumn term 2025-26', category: { id: 'stabilise', name: 'Stabilise' } }, { window: 'Summer term 2025-26', category: { id: 'improve', name: 'Improve' } }],
    arrow: '↑',
    areas: [{ name: 'Safeguarding', level: 'Assured', source: 'self_rated', attention: false }, { name: 'Payroll', level: 'Not yet assured', source: 'evidence', attention: true }],
    indicators: [{ name: 'Attendance', value: '91.4%', level: 'Not yet assured', attention: true }],
    levelsFrom: 'Summer term 2025-26', showAll: false,
    groupShares: [{ name: 'Leadership', share: '50% (2 of 4)' }],
    shareTrend: [{ window: 'Summer term 2025-26', shares: [{ name: 'Leadership', share: '25% (1 of 4)' }] }],
    hasCategories: true,
    submission: { window, state: 'draft', progress: 'draft: 4 of 28 areas rated, 24 answers to come' },
    support: [{ title: 'Termly review', owner: 'Director of Education', when: 'on 2027-01-12' }],
    priorities: ['Attendance'],
    undelivered: ['reminder:reach (403 Forbidden)'],
    basis: 'This rests on the framework\'s own words: "Likely deficits in Safeguarding and Health & Safety."',
    flags: ['Attendance: the figures point to Intervention required (Attendance 45%), while the self-rating is Assured.'],
    context: ['Current Ofsted judgement: Good', 'Date the school joined the trust: 2019-04-01'],
    pairings: ['Supported by Reach Academy in Attendance (confirmed by Chief Executive Officer on Tue 8 Dec 2026; Reach Academy\'s head accepted on Wed 9 Dec 2026), until Engage Academy\'s next decision'],
  },
  statusEmpty: {
    kind: 'status', school, note: null, rubricName: 'Ethos', category: null, since: null, decidedBy: null, rationale: null,
    trend: [], arrow: '·', areas: [], indicators: [], levelsFrom: null, showAll: false, groupShares: [], shareTrend: [], hasCategories: false, submission: null, support: [], priorities: [], undelivered: [], basis: null, flags: [], context: [], pairings: [],
  },
  questionnaire: {
    kind: 'questionnaire', school, window, rubricName: 'Ethos', step: 1, steps: 9, title: 'Quality of Education (2 of 5)',
    progress: '4 of 9 areas rated · 0 of 12 figures given', version: 3, canBack: true, notice: 'Welcome back: carrying on from "Quality of Education (2 of 5)".',
    errors: { 'indicator.attendance': '"abc" is not a number', 'rating.safeguarding': 'not a level of the RAG scale', 'transition.moves.low.high': '"-1" is not a count of pupils' },
    items: [
      {
        kind: 'area', key: 'rating.safeguarding', noteKey: 'note.safeguarding', areaId: 'safeguarding', name: 'Safeguarding', group: 'Leadership',
        choices: [{ value: 'assured', title: 'Assured' }, { value: 'not_yet_assured', title: 'Not yet assured' }, { value: 'intervention_required', title: 'Intervention required' }],
        value: null, note: null,
        statements: [{ key: 'statement.scr_compliant', id: 'scr_compliant', text: 'SCR is fully compliant', value: null }],
      },
      {
        kind: 'area', key: 'rating.leadership', noteKey: 'note.leadership', areaId: 'leadership', name: 'Leadership', group: 'Leadership',
        choices: [{ value: 'assured', title: 'Assured' }], value: 'assured', note: 'Governor minutes, June', statements: [],
      },
      { kind: 'indicator', key: 'indicator.attendance', indicatorId: 'attendance', name: 'Attendance', unit: '%', min: 0, max: 100, help: 'National figure 94.5% (2024-25).', value: null },
      { kind: 'indicator', key: 'indicator.incidents', indicatorId: 'incidents', name: 'Serious incidents', unit: '', min: null, max: null, help: null, value: 2 },
      {
        kind: 'transitions', indicatorId: 'moves', name: 'Attainer moves', bands: [{ value: 'low', title: 'Low' }, { value: 'high', title: 'High' }],
        cells: [{ key: 'transition.moves.low.high', from: 'low', to: 'high', label: 'double positive', value: null }, { key: 'transition.moves.high.low', from: 'high', to: 'low', label: 'double negative', value: 3 }],
      },
    ],
  },
  questionnaireFirstStep: {
    kind: 'questionnaire', school, window, rubricName: 'Ethos', step: 0, steps: 1, title: 'Figures', progress: '0 of 0 areas rated',
    version: 0, canBack: false, notice: null, errors: {},
    items: [{ kind: 'indicator', key: 'indicator.attendance', indicatorId: 'attendance', name: 'Attendance', unit: '%', min: 0, max: 100, help: null, value: 95 }],
  },
  summary: {
    kind: 'summary', school, window, steps: 9, version: 12, state: 'draft',
    proposal: { category: { id: 'repair', name: 'Repair' }, reason: 'A Quality of Education line requires intervention.', facts: ['Reading progress: Intervention required'], change: 'IMPROVE → REPAIR: more support' },
    undetermined: null, flags: ['Attendance self-rated Assured, figures say Intervention required'], missing: [], canSubmit: true, decided: false, notice: null,
  },
  summaryUndetermined: {
    kind: 'summary', school, window, steps: 9, version: 4, state: 'submitted', proposal: null,
    undetermined: 'Health and safety is rated by the estates lead. Waiting on: Statutory Compliance - H&S.', flags: [], missing: ['Payroll', 'Vacancies'], canSubmit: false, decided: false, notice: 'Submitted.',
  },
  proposal: {
    kind: 'proposal', proposalId: '2026-27-autumn:reach-academy:v9', school, window, submittedBy: 'Headteacher, Reach Academy', category: { id: 'repair', name: 'Repair' }, previous: { id: 'improve', name: 'Improve' },
    change: 'IMPROVE → REPAIR: more support', reason: 'A Quality of Education line requires intervention.', facts: ['Reading progress: Intervention required'],
    flags: ['Attendance: the figures point to Intervention required (Attendance 45%), while the self-rating is Assured.'], rule: 'progress_inconsistent',
    basis: 'This is the trust\'s own choice, not the framework\'s rule: Read as reading, writing or mathematics progress at Intervention required.',
    lines: [{ area: 'attendance', name: 'Attendance', self: 'Assured', evidence: 'Intervention required', agreed: 'Not yet assured (Director of Education: improving since October)', used: 'agreed' }],
    recommendations: ['Finance: Prepayments/Accruals training.'],
    moderation: { areas: [{ value: 'attendance', title: 'Attendance' }], levels: [{ value: 'assured', title: 'Assured' }, { value: 'not_yet_assured', title: 'Not yet assured' }] },
    notice: 'Director of Education agreed Attendance at Not yet assured.',
    categories: [{ value: 'stabilise', title: 'Stabilise' }, { value: 'repair', title: 'Repair' }, { value: 'improve', title: 'Improve' }, { value: 'sustain', title: 'Sustain' }],
    priorityChoices: null,
  },
  proposalWithPriorities: {
    kind: 'proposal', proposalId: '2026-27-autumn:reach-academy:v3', school, window, submittedBy: 'Headteacher', category: { id: 'cat2', name: 'Category 2' }, previous: null,
    change: '', reason: 'Two areas need attention.', facts: [], flags: ['Leadership self-rated 5, evidence 3'], rule: 'r2',
    basis: 'This rests on the framework\'s own words: "Academies in need of targeted support"', lines: [], recommendations: [],
    moderation: { areas: [{ value: 'leadership', title: 'Leadership' }], levels: [{ value: 'met', title: 'Met' }] },
    categories: [{ value: 'cat1', title: 'Category 1' }, { value: 'cat2', title: 'Category 2' }], priorityChoices: [{ value: 'leadership', title: 'Leadership' }],
  },
  override: {
    kind: 'override', proposalId: '2026-27-autumn:reach-academy:v9', school, window: { id: window.id, title: window.title }, proposed: { id: 'repair', name: 'Repair' },
    categories: [{ value: 'stabilise', title: 'Stabilise' }, { value: 'improve', title: 'Improve' }], priorityChoices: null, minRationale: 10,
  },
  decision: {
    kind: 'decision', school, window, previous: { id: 'improve', name: 'Improve' }, category: { id: 'repair', name: 'Repair' },
    headline: 'Reach Academy: IMPROVE → REPAIR', how: 'confirmed', decidedBy: 'Chief Executive Officer', rationale: null,
    reasons: ['A Quality of Education line requires intervention.', 'Reading progress: Intervention required'], priorities: [],
    schedule: {
      term: 'Spring term 2026-27', from: '2027-01-04', to: '2027-03-26', fromText: 'Mon 4 Jan', toText: 'Fri 26 Mar',
      summary: [
        { title: 'Termly review', owner: 'Director of Education', strand: 'School improvement', often: 'termly', first: 'Mon 11 Jan', amount: 'once this term' },
        { title: 'Engagement from Education Improvement Professionals', owner: 'Education Improvement Professionals', strand: 'School improvement', often: '12 days a year', first: 'Tue 12 Jan', amount: '4 days this term' },
      ],
      items: [
        { date: '2027-01-11', when: 'Mon 11 Jan', title: 'Termly review', owner: 'Director of Education', strand: 'School improvement', days: null, daysText: null },
        { date: '2027-01-12', when: 'Tue 12 Jan', title: 'Engagement from Education Improvement Professionals', owner: 'Education Improvement Professionals', strand: 'School improvement', days: 1, daysText: '1 day' },
        { date: '2027-03-22', when: 'Mon 22 Mar', title: 'Engagement from HR professionals', owner: 'HR professionals', strand: 'HR', days: 0.5, daysText: 'up to ½ day' },
      ],
      onRequest: [{ title: 'Phone call support from central BSO at any time', owner: 'Central BSO', strand: 'Finance' }],
    },
    ics: { filename: 'reach-academy-2026-27-spring-support.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
    peers: [
      {
        text: 'Attendance (Not yet assured) → Engage Academy: Assured for its last 2 reviews',
        why: 'Engage Academy has been Assured in Attendance for its last 2 reviews (Spring 2026 to Summer 2026).',
        confirm: { title: 'Pair with Engage Academy (Attendance)', data: { decisionId: '2026-27-autumn:reach-academy:v9', area: 'attendance', peerSchoolId: 'engage-academy' } },
      },
      { text: 'Reading progress (Intervention required): no peer', why: 'No other school has been Assured in Reading progress for 2 reviews in a row.', confirm: null },
    ],
  },
  pairing: {
    kind: 'pairing', school: { id: 'engage-academy', name: 'Engage Academy' }, title: 'Can Engage Academy support Reach Academy in Attendance?',
    lines: ['Chief Executive Officer has paired Engage Academy with Reach Academy.', 'The pairing lasts until Reach Academy\'s next decision.'],
    answerData: { decisionId: '2026-27-autumn:reach-academy:v9', area: 'attendance' },
  },
  decisionOverriddenNoSchedule: {
    kind: 'decision', school, window, previous: null, category: { id: 'stabilise', name: 'Stabilise' },
    headline: 'Reach Academy: STABILISE', how: 'overridden', decidedBy: 'Director of Education', rationale: 'The new head needs the closest support in the first term.',
    reasons: ['Proposed Repair: ...', 'Overridden: ...'], priorities: ['Attendance'],
    schedule: { term: 'no next term in the calendar', from: '', to: '', fromText: '', toText: '', summary: [], items: [], onRequest: [] },
    ics: { filename: 'reach-academy-2026-27-autumn-support.ics', content: '' },
  },
};

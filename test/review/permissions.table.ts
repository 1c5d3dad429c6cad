/**
 * Who may do what: every chat command and card action, for every role, on the person's own
 * school, another school, and a past review window. This table is the specification:
 * `permissions.test.ts` runs every cell against the use-cases, and `docs/permissions.md` is
 * generated from it (`npm run docs:permissions`).
 *
 * The scene: the demo trust (Ethos) in the autumn 2026-27 review, open, with Reach Academy
 * and Engage Academy submitted and their categories proposed; 2025-26 reviews are past and
 * decided (`/review open` and `window.open` are tried before the autumn review opens;
 * `/review reopen` once the CEO has confirmed both autumn proposals). "Own school" is Reach
 * Academy, the head's school; "other school" is Engage Academy.
 * Leadership sees every school, so for them both are simply a school.
 */

/** The people in the columns, in order. `head` is the head of Reach Academy. */
export const ROLES = ['head', 'cfoo', 'hr_lead', 'finance_lead', 'estates_lead', 'director_of_education', 'ceo', 'stranger'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  head: 'Head (of the school)',
  cfoo: 'Chief Finance and Operations Officer',
  hr_lead: 'HR Lead',
  finance_lead: 'Trust Finance Lead',
  estates_lead: 'Estates Lead',
  director_of_education: 'Director of Education',
  ceo: 'CEO',
  stranger: 'Stranger (not on the roster)',
};

export type Scope = 'own school' | 'other school' | 'past window' | 'trust';

/** What a person does: a chat command typed, or a card's button pressed with its data. */
export type Act =
  | { door: 'chat'; text: string }
  | { door: 'card'; verb: string; data: Record<string, unknown> }
  /** A spreadsheet sent in chat, with the words typed beside it. */
  | { door: 'file'; name: string; content: string; text: string };

export interface Row {
  /** As a person would name it. */
  what: string;
  scope: Scope;
  act: Act;
  /** One word per role, in ROLES order: `yes` (done or shown) or `no` (refused, with a message saying why). */
  may: string;
  /** Tried before the autumn review is opened, rather than in the scene above. */
  beforeOpening?: true;
  /** Tried once the CEO has confirmed Reach Academy's and Engage Academy's autumn proposals, rather than in the scene above. */
  decided?: true;
  /** Why, where the cells alone would puzzle a reader. */
  note?: string;
}

const OWN = 'reach-academy';
const OTHER = 'engage-academy';
const NOW = '2026-27-autumn';
const PAST = '2025-26-autumn';
/** Stands for the submission's current version; the test fills it in. */
export const VERSION = -1;
/** Stands for the id of the proposal open for the school in the window (a card names the proposal it answers); the test fills it in. */
export const PROPOSAL = '<the open proposal>';

const step = (schoolId: string, windowId: string) => ({ schoolId, windowId, step: 0, version: VERSION, action: 'save' });
const decision = (schoolId: string, windowId: string) => ({ schoolId, windowId, proposalId: PROPOSAL });
const moderation = (schoolId: string, windowId: string) => ({ schoolId, windowId, proposalId: PROPOSAL, area: 'attendance', level: 'assured', reason: 'The spring figures are already back above 95%.' });
/** A spreadsheet of one school's attendance, as a trust's data manager would send it. */
const sheet = (school: string, text = '') => ({ door: 'file' as const, name: 'attendance.csv', content: `School,Attendance\n${school},96.5\n`, text });
const override = (schoolId: string, windowId: string) => ({ schoolId, windowId, proposalId: PROPOSAL, category: 'stabilise', rationale: 'The new safeguarding concerns outweigh the figures this term.' });

//                                                                                                    head cfoo hr  fin  est  DoE  CEO  stranger
export const PERMISSIONS: Row[] = [
  { what: 'help', scope: 'trust', act: { door: 'chat', text: 'help' },                                may: 'yes  yes  yes  yes  yes  yes  yes  no' },
  { what: 'hello (or opening the bot)', scope: 'trust', act: { door: 'chat', text: 'hello' },          may: 'yes  yes  yes  yes  yes  yes  yes  no', note: 'A head whose review is still to do gets its Start card; everyone else, help.' },
  { what: '/status', scope: 'trust', act: { door: 'chat', text: '/status' },                           may: 'yes  yes  yes  yes  yes  yes  yes  no' },
  { what: '/status <school>', scope: 'own school', act: { door: 'chat', text: '/status Reach Academy' }, may: 'yes  yes  yes  yes  yes  yes  yes  no' },
  { what: '/status <school>', scope: 'other school', act: { door: 'chat', text: '/status Engage Academy' }, may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: 'review', scope: 'own school', act: { door: 'chat', text: 'review' },                        may: 'yes  no   no   no   no   no   no   no', note: 'Leadership names the school: review <school>.' },
  { what: 'review <school>', scope: 'own school', act: { door: 'chat', text: 'review Reach Academy' },  may: 'yes  no   yes  yes  yes  no   no   no', note: 'Central leads answer the lines their role rates in every school (the CFOO rates none in the Ethos framework); the CEO and the Director of Education decide rather than answer.' },
  { what: 'review <school>', scope: 'other school', act: { door: 'chat', text: 'review Engage Academy' }, may: 'no   no   yes  yes  yes  no   no   no' },
  { what: '<figure> <value>', scope: 'own school', act: { door: 'chat', text: 'attendance 91.4' },      may: 'yes  no   no   no   no   no   no   no', note: 'Figures are the head\'s to give.' },
  { what: '/review open', scope: 'trust', act: { door: 'chat', text: '/review open' }, beforeOpening: true, may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'Once a review is open, it is refused for everyone until closed.' },
  { what: '/review open <term>', scope: 'trust', act: { door: 'chat', text: '/review open 2026-27-spring' }, beforeOpening: true, may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'A term not yet begun: asks to confirm (Open it now) and opens nothing yet.' },
  { what: 'Open it now (window.open)', scope: 'trust', act: { door: 'card', verb: 'window.open', data: { windowId: NOW } }, beforeOpening: true, may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'Opening confirmed from the card that /review open <term> draws.' },
  { what: 'Open it now (window.open)', scope: 'past window', act: { door: 'card', verb: 'window.open', data: { windowId: PAST } }, beforeOpening: true, may: 'no   no   no   no   no   no   no   no', note: 'A closed window is not opened again.' },
  { what: '/review close', scope: 'trust', act: { door: 'chat', text: '/review close' },               may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: '/review reopen <school>', scope: 'own school', act: { door: 'chat', text: '/review reopen Reach Academy' }, decided: true, may: 'no   no   no   no   no   yes  yes  no', note: 'Only a decided review in the open window is reopened, so the head can change it.' },
  { what: '/review reopen <school>', scope: 'other school', act: { door: 'chat', text: '/review reopen Engage Academy' }, decided: true, may: 'no   no   no   no   no   yes  yes  no' },
  { what: '/remind', scope: 'trust', act: { door: 'chat', text: '/remind' },                           may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: '/calendar', scope: 'trust', act: { door: 'chat', text: '/calendar' },                       may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: '/context <school>', scope: 'own school', act: { door: 'chat', text: '/context Reach Academy' }, may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'A school\'s context (Ofsted judgement, date it joined) is kept by leadership; its head does not see it here.' },
  { what: '/context <school>', scope: 'other school', act: { door: 'chat', text: '/context Engage Academy' }, may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: '/context <school> <question> <answer>', scope: 'own school', act: { door: 'chat', text: '/context Reach Academy ofsted good' }, may: 'no   no   no   no   no   yes  yes  no', note: 'Changed only by the CEO or the Director of Education.' },
  { what: '/context <school> <question> <answer>', scope: 'other school', act: { door: 'chat', text: '/context Engage Academy ofsted good' }, may: 'no   no   no   no   no   yes  yes  no' },
  { what: '/report', scope: 'trust', act: { door: 'chat', text: '/report' },                           may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'The board report and heat map of the newest reviewed term.' },
  { what: '/report <term>', scope: 'past window', act: { door: 'chat', text: '/report 2025-26-autumn' }, may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: '/peers [area]', scope: 'trust', act: { door: 'chat', text: '/peers attendance' },            may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'Who is strong in what across the trust, and the peers suggested for weak areas.' },
  { what: 'Pair with a peer (pairing.confirm)', scope: 'other school', act: { door: 'card', verb: 'pairing.confirm', data: { decisionId: 'decision-enrich-academy-2025-26-summer', area: 'sickness_absence', peerSchoolId: 'ethos-college' } }, may: 'no   no   no   no   no   yes  yes  no', note: 'From a decision post: Enrich Academy, weak in sickness absence, with Ethos College; its head is then asked to Confirm or say Not now.' },
  { what: 'Import a spreadsheet (file sent in chat)', scope: 'own school', act: sheet('Reach Academy'), may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'Any lead, not only the deciders: figures go into the open review, submitted or not, over the head\'s own, and a submitted one is proposed afresh.' },
  { what: 'Import a spreadsheet (file sent in chat)', scope: 'other school', act: sheet('Engage Academy'), may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: 'Import a spreadsheet into a decided review', scope: 'own school', act: sheet('Reach Academy'), decided: true, may: 'no   no   no   no   no   no   no   no', note: 'A decided review\'s figures are what the decision rests on: it is reopened first (/review reopen), as for a head.' },
  { what: 'Import a spreadsheet (file sent in chat)', scope: 'past window', act: sheet('Reach Academy', '2025-26-autumn'), may: 'no   no   no   no   no   no   no   no', note: 'A closed review\'s figures stand as they were.' },
  { what: 'Start (review.start)', scope: 'own school', act: { door: 'card', verb: 'review.start', data: { schoolId: OWN, windowId: NOW } }, may: 'yes  no   yes  yes  yes  no   no   no' },
  { what: 'Start (review.start)', scope: 'other school', act: { door: 'card', verb: 'review.start', data: { schoolId: OTHER, windowId: NOW } }, may: 'no   no   yes  yes  yes  no   no   no' },
  { what: 'Next / Back / Save (review.step)', scope: 'own school', act: { door: 'card', verb: 'review.step', data: step(OWN, NOW) }, may: 'yes  no   yes  yes  yes  no   no   no' },
  { what: 'Next / Back / Save (review.step)', scope: 'other school', act: { door: 'card', verb: 'review.step', data: step(OTHER, NOW) }, may: 'no   no   yes  yes  yes  no   no   no' },
  { what: 'Next / Back / Save (review.step)', scope: 'past window', act: { door: 'card', verb: 'review.step', data: step(OWN, PAST) }, may: 'no   no   no   no   no   no   no   no', note: 'A past review is closed to answers.' },
  { what: 'Edit a step (review.goto)', scope: 'own school', act: { door: 'card', verb: 'review.goto', data: { schoolId: OWN, windowId: NOW, step: 0 } }, may: 'yes  no   yes  yes  yes  no   no   no' },
  { what: 'Edit a step (review.goto)', scope: 'other school', act: { door: 'card', verb: 'review.goto', data: { schoolId: OTHER, windowId: NOW, step: 0 } }, may: 'no   no   yes  yes  yes  no   no   no' },
  { what: 'Edit a step (review.goto)', scope: 'past window', act: { door: 'card', verb: 'review.goto', data: { schoolId: OWN, windowId: PAST, step: 0 } }, may: 'no   no   no   no   no   no   no   no' },
  { what: 'Submit (review.submit)', scope: 'own school', act: { door: 'card', verb: 'review.submit', data: { schoolId: OWN, windowId: NOW, version: VERSION } }, may: 'yes  no   no   no   no   no   no   no', note: 'Only the head submits a school\'s review.' },
  { what: 'Submit (review.submit)', scope: 'other school', act: { door: 'card', verb: 'review.submit', data: { schoolId: OTHER, windowId: NOW, version: VERSION } }, may: 'no   no   no   no   no   no   no   no' },
  { what: 'Submit (review.submit)', scope: 'past window', act: { door: 'card', verb: 'review.submit', data: { schoolId: OWN, windowId: PAST, version: VERSION } }, may: 'no   no   no   no   no   no   no   no' },
  { what: 'Confirm (decision.confirm)', scope: 'own school', act: { door: 'card', verb: 'decision.confirm', data: decision(OWN, NOW) }, may: 'no   no   no   no   no   yes  yes  no' },
  { what: 'Confirm (decision.confirm)', scope: 'other school', act: { door: 'card', verb: 'decision.confirm', data: decision(OTHER, NOW) }, may: 'no   no   no   no   no   yes  yes  no' },
  { what: 'Confirm (decision.confirm)', scope: 'past window', act: { door: 'card', verb: 'decision.confirm', data: decision(OWN, PAST) }, may: 'no   no   no   no   no   no   no   no', note: 'Decisions are made only on the latest review that has opened.' },
  { what: 'Agree a level (decision.moderate)', scope: 'own school', act: { door: 'card', verb: 'decision.moderate', data: moderation(OWN, NOW) }, may: 'no   no   no   no   no   yes  yes  no', note: 'Agreeing a line\'s level, with a reason, before deciding.' },
  { what: 'Agree a level (decision.moderate)', scope: 'other school', act: { door: 'card', verb: 'decision.moderate', data: moderation(OTHER, NOW) }, may: 'no   no   no   no   no   yes  yes  no' },
  { what: 'Agree a level (decision.moderate)', scope: 'past window', act: { door: 'card', verb: 'decision.moderate', data: moderation(OWN, PAST) }, may: 'no   no   no   no   no   no   no   no', note: 'A past review is decided: only the open proposal is moderated.' },
  { what: 'Override (decision.override)', scope: 'own school', act: { door: 'card', verb: 'decision.override', data: override(OWN, NOW) }, may: 'no   no   no   no   no   yes  yes  no' },
  { what: 'Override (decision.override)', scope: 'other school', act: { door: 'card', verb: 'decision.override', data: override(OTHER, NOW) }, may: 'no   no   no   no   no   yes  yes  no' },
  { what: 'Override (decision.override)', scope: 'past window', act: { door: 'card', verb: 'decision.override', data: override(OWN, PAST) }, may: 'no   no   no   no   no   no   no   no', note: 'Decisions are made only on the latest review that has opened.' },
  { what: 'Override form (decision.override.form)', scope: 'own school', act: { door: 'card', verb: 'decision.override.form', data: decision(OWN, NOW) }, may: 'no   no   no   no   no   yes  yes  no', note: 'The form is drawn only for those who may override.' },
  { what: 'Override form (decision.override.form)', scope: 'other school', act: { door: 'card', verb: 'decision.override.form', data: decision(OTHER, NOW) }, may: 'no   no   no   no   no   yes  yes  no' },
  { what: 'Override form (decision.override.form)', scope: 'past window', act: { door: 'card', verb: 'decision.override.form', data: decision(OWN, PAST) }, may: 'no   no   no   no   no   no   no   no' },
  { what: 'Status button (status.show)', scope: 'own school', act: { door: 'card', verb: 'status.show', data: { schoolId: OWN } }, may: 'yes  yes  yes  yes  yes  yes  yes  no' },
  { what: 'Status button (status.show)', scope: 'other school', act: { door: 'card', verb: 'status.show', data: { schoolId: OTHER } }, may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: 'Show all areas (status.show, all)', scope: 'own school', act: { door: 'card', verb: 'status.show', data: { schoolId: OWN, all: 'yes' } }, may: 'yes  yes  yes  yes  yes  yes  yes  no' },
  { what: 'Show all areas (status.show, all)', scope: 'other school', act: { door: 'card', verb: 'status.show', data: { schoolId: OTHER, all: 'yes' } }, may: 'no   yes  yes  yes  yes  yes  yes  no' },
  { what: 'Overview page (overview.show)', scope: 'trust', act: { door: 'card', verb: 'overview.show', data: { page: 1 } }, may: 'no   yes  yes  yes  yes  yes  yes  no', note: 'A page of every school on the trust overview: leadership only.' },
];

/** A row's cells by role. */
export function cells(row: Row): Record<Role, boolean> {
  const words = row.may.trim().split(/\s+/);
  if (words.length !== ROLES.length || words.some((w) => w !== 'yes' && w !== 'no')) {
    throw new Error(`${row.what} (${row.scope}): "${row.may}" must be ${ROLES.length} words, each yes or no`);
  }
  return Object.fromEntries(ROLES.map((r, i) => [r, words[i] === 'yes'])) as Record<Role, boolean>;
}

/**
 * What the use-cases return and send: plain data, no platform objects. Each door renders a
 * view its own way (Teams: cards/<kind>.json; Slack: Block Kit; CLI: text).
 */

export interface Choice {
  value: string;
  title: string;
}

/** One input on a questionnaire step. `key` is what the card sends back (see questionnaire.ts). */
export type QuestionItem =
  | {
      kind: 'area';
      key: string;
      noteKey: string;
      areaId: string;
      name: string;
      group: string;
      /** Level descriptors from the rubric, best first as people read them. */
      choices: Choice[];
      value: string | null;
      note: string | null;
      /** Judged statements asked with the area: met or not. */
      statements: { key: string; id: string; text: string; value: boolean | null }[];
    }
  | {
      kind: 'indicator';
      key: string;
      indicatorId: string;
      name: string;
      unit: string;
      min: number | null;
      max: number | null;
      help: string | null;
      value: number | null;
    }
  | {
      kind: 'transitions';
      indicatorId: string;
      name: string;
      bands: Choice[];
      /** One number input per move, keyed `transition.<id>.<from>.<to>`. */
      cells: { key: string; from: string; to: string; label: string; value: number | null }[];
    };

export interface SchoolRef {
  id: string;
  name: string;
}

export interface WindowRef {
  id: string;
  /** "Autumn term 2026-27 review". */
  title: string;
  opensOn: string;
  closesOn: string;
  state: 'scheduled' | 'open' | 'closed';
}

export interface CategoryRef {
  id: string;
  name: string;
}

export interface QuestionnaireView {
  kind: 'questionnaire';
  school: SchoolRef;
  window: WindowRef;
  rubricName: string;
  step: number;
  steps: number;
  title: string;
  /** "4 of 9 areas rated · 3 of 12 figures given" */
  progress: string;
  items: QuestionItem[];
  /** Field key → why the value was refused. Nothing from the step was saved when present. */
  errors: Record<string, string>;
  version: number;
  canBack: boolean;
  notice: string | null;
}

export interface SummaryView {
  kind: 'summary';
  school: SchoolRef;
  window: WindowRef;
  steps: number;
  version: number;
  state: 'draft' | 'submitted';
  proposal: { category: CategoryRef; reason: string; facts: string[]; change: string; basis?: string } | null;
  undetermined: string | null;
  flags: string[];
  missing: string[];
  canSubmit: boolean;
  /** Leadership has decided this review: nothing can be changed until a decider reopens it. */
  decided: boolean;
  notice: string | null;
}

export interface ModerationLine {
  area: string;
  name: string;
  self: string;
  evidence: string;
  agreed: string;
  /** Which of the three the rules read. */
  used: 'agreed' | 'evidence' | 'self-rating' | 'none';
}

export interface ProposalView {
  kind: 'proposal';
  /** The evaluation this proposal shows: a decision names it, so an old card cannot decide a newer review. */
  proposalId: string;
  school: SchoolRef;
  window: WindowRef;
  submittedBy: string;
  category: CategoryRef;
  previous: CategoryRef | null;
  change: string;
  reason: string;
  facts: string[];
  flags: string[];
  rule: string;
  /** Whether the rule rests on the framework's words or is the trust's own choice, in words. */
  basis: string;
  /** Lines where self-rating, evidence or agreed level differ or were agreed: the three side by side. */
  lines: ModerationLine[];
  /** Bespoke options the answers call for (e.g. a red finance line), by strand. */
  recommendations: string[];
  /** School-to-school support for the weak areas: "Behaviour (Intervention required) → Engage Academy: Assured for its last 3 reviews". Paired once decided. */
  peers?: string[];
  /** What the moderation form offers: every line that applies, and the levels. */
  moderation: { areas: Choice[]; levels: Choice[] };
  /** What just changed (a level agreed), shown at the top. */
  notice?: string;
  /** For the override choice. */
  categories: Choice[];
  /** Areas leadership may record as priorities with its decision (CMAT's Focus step). */
  priorityChoices: Choice[] | null;
}

/** One dated occurrence of a support activity. */
export interface ScheduleItem {
  date: string;
  /** The date as people read it: "Tue 5 Jan". */
  when: string;
  title: string;
  owner: string;
  strand: string;
  days: number | null;
  /** An allocation's share in words ("1 day", "½ day", "up to 1 day"); null for a meeting. */
  daysText: string | null;
}

/** One support activity in a period, summarised: what, how often, who, first date, how much. */
export interface SupportLine {
  title: string;
  owner: string;
  strand: string;
  /** "weekly (Tuesdays), 30 minutes", "2 days a term", "up to 10 days a year". */
  often: string;
  /** The first date in the period, as people read it: "Tue 5 Jan". */
  first: string;
  /** "2 days this term", "up to 3½ days this term", "11 times this term". */
  amount: string;
}

/** Part of the package with no date: offered on request or when needed. */
export interface OnRequestItem {
  title: string;
  owner: string;
  strand: string;
}

export interface SupportSchedule {
  /** "Spring term 2026-27". */
  term: string;
  /** First and last days of the term (YYYY-MM-DD); empty when the calendar has no next term. */
  from: string;
  to: string;
  /** The same dates as people read them ("Mon 4 Jan"). */
  fromText: string;
  toText: string;
  /** One line per dated activity, in the package's order. */
  summary: SupportLine[];
  /** Every dated occurrence, by date. */
  items: ScheduleItem[];
  onRequest: OnRequestItem[];
}

export interface DecisionView {
  kind: 'decision';
  /**
   * The decision's id: the calendar link names it. Absent from decision views kept in an
   * outbox written before views carried it; their cards have no calendar link.
   */
  decisionId?: string;
  school: SchoolRef;
  window: WindowRef;
  previous: CategoryRef | null;
  category: CategoryRef;
  /** "Reach Academy: IMPROVE → REPAIR" */
  headline: string;
  how: 'confirmed' | 'overridden';
  decidedBy: string;
  rationale: string | null;
  reasons: string[];
  priorities: string[];
  schedule: SupportSchedule;
  /** The support schedule as an iCalendar file, for leadership's calendars. */
  ics: { filename: string; content: string };
  /** School-to-school support suggested for the school's weak areas. Absent from decision views kept before suggestions. */
  peers?: PeerSupportLine[];
}

/** One suggestion on the decision post: a weak area, a peer strong in it, and what confirms the pairing. */
export interface PeerSupportLine {
  /** "Attendance (Not yet assured) → Reach Academy: Assured for its last 3 reviews", or "Attendance (…): no peer: <why>". */
  text: string;
  why: string;
  /** Present when a peer is suggested: the pairing.confirm button's data and title. */
  confirm: { title: string; data: { decisionId: string; area: string; peerSchoolId: string } } | null;
}

/** Sent to the supporting school's head(s) when leadership confirms a pairing: Confirm or Not now. */
export interface PairingRequestView {
  kind: 'pairing';
  school: SchoolRef;
  title: string;
  lines: string[];
  /** What both buttons carry; each adds its answer. */
  answerData: { decisionId: string; area: string };
}

export interface TrendPoint {
  window: string;
  category: CategoryRef;
}

export interface SchoolStatusView {
  kind: 'status';
  school: SchoolRef;
  /** "Showing Reach Academy: there is no school called "Reech"." when the name typed was a near miss. */
  note: string | null;
  rubricName: string;
  category: CategoryRef | null;
  since: string | null;
  decidedBy: string | null;
  rationale: string | null;
  trend: TrendPoint[];
  /** ↑ less support than before, ↓ more, → same, · first. */
  arrow: string;
  /** `attention`: below the best level, so shown without opening "all areas". */
  areas: { name: string; level: string; source: string; attention: boolean }[];
  indicators: { name: string; value: string; level: string; attention: boolean }[];
  /** The review the area and figure levels come from ("Autumn term 2026-27"). */
  levelsFrom: string | null;
  /** Every area and figure asked for ("Show all areas"); otherwise only those needing attention show. */
  showAll: boolean;
  groupShares: { name: string; share: string }[];
  /** For frameworks reported as shares (CAT): each past review's shares, oldest first. */
  shareTrend: { window: string; shares: { name: string; share: string }[] }[];
  /** False for frameworks without categories: the school is reported by strand instead. */
  hasCategories: boolean;
  submission: { window: WindowRef; state: 'not_started' | 'draft' | 'submitted' | 'decided'; progress: string } | null;
  support: { title: string; owner: string; when: string }[];
  priorities: string[];
  undelivered: string[];
  /** Whether the proposal behind the levels shown rests on the framework's words or the trust's choice. */
  basis: string | null;
  /** Where a self-rating and its evidence differ, in plain words. */
  flags: string[];
  /** The school's context facts (Ofsted judgement, date joined, phases), kept until changed. */
  context: string[];
  /** School-to-school pairings in force, the school supported and supporting: one line each. */
  pairings: string[];
}

export interface OverviewView {
  kind: 'overview';
  trustName: string;
  rubricName: string;
  window: WindowRef | null;
  /** The term the heat map shows (the newest with a review); null before any school is reviewed. */
  heatmap?: { windowId: string; term: string } | null;
  /** Every school counted: by its current category, and by the state of this term's review. */
  summary: { total: number; categories: { name: string; count: number }[]; reviews: { state: string; count: number }[] };
  /**
   * Which schools the rows are: every school (a small trust), those needing attention (a large
   * trust's first card, `more` left out beyond the limit), or one page of every school.
   */
  shown: { kind: 'all' } | { kind: 'attention'; more: number } | { kind: 'page'; page: number; pages: number };
  schools: { school: SchoolRef; category: string; arrow: string; submission: string }[];
}

export interface HelpView {
  kind: 'help';
  leadership: boolean;
  commands: { command: string; description: string }[];
  notUnderstood: string | null;
}

export interface NoticeView {
  kind: 'notice';
  title: string;
  lines: string[];
  /** A button: start or resume a review (window opened, reminders), a school's status (an outcome), or confirm opening a window. */
  action: { title: string; verb: 'review.start' | 'status.show' | 'window.open'; data: Record<string, string> } | null;
}

/** The override form, drawn in place of a proposal card when a decider presses Override. */
export interface OverrideFormView {
  kind: 'override';
  proposalId: string;
  school: SchoolRef;
  window: { id: string; title: string };
  proposed: CategoryRef;
  /** The categories an override may choose: every one but the proposed. */
  categories: Choice[];
  priorityChoices: Choice[] | null;
  /** The shortest rationale the decision use-case accepts. */
  minRationale: number;
}

/** A file the bot offers by link: a door signs `kind` and `subject` so only the bot can make one. */
export interface OfferedFile {
  kind: 'report.html' | 'report.pdf' | 'heatmap.png';
  /** The review window the file is about. */
  subject: string;
  filename: string;
  label: string;
}

/** Files to take away (the board report), offered as links. */
export interface FilesView {
  kind: 'files';
  title: string;
  lines: string[];
  files: OfferedFile[];
}

export interface RefusalView {
  kind: 'refusal';
  message: string;
}

export interface NotFoundView {
  kind: 'not_found';
  query: string;
  suggestions: string[];
}

export type View =
  | QuestionnaireView
  | SummaryView
  | ProposalView
  | DecisionView
  | PairingRequestView
  | OverrideFormView
  | SchoolStatusView
  | OverviewView
  | HelpView
  | NoticeView
  | FilesView
  | RefusalView
  | NotFoundView;

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
  proposal: { category: CategoryRef; reason: string; facts: string[]; change: string } | null;
  undetermined: string | null;
  flags: string[];
  missing: string[];
  canSubmit: boolean;
  /** Leadership has decided this review: nothing can be changed until a decider reopens it. */
  decided: boolean;
  notice: string | null;
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
  /** For the override choice. */
  categories: Choice[];
  /** Areas leadership may record as priorities with its decision (CMAT's Focus step). */
  priorityChoices: Choice[] | null;
}

export interface ScheduleItem {
  date: string;
  title: string;
  owner: string;
  strand: string;
  days: number | null;
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
  schedule: { term: string; from: string; to: string; items: ScheduleItem[]; undated: string[] };
  /** The support schedule as an iCalendar file, for leadership's calendars. */
  ics: { filename: string; content: string };
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
}

export interface OverviewView {
  kind: 'overview';
  trustName: string;
  rubricName: string;
  window: WindowRef | null;
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
  categories: Choice[];
  priorityChoices: Choice[] | null;
  /** The shortest rationale the decision use-case accepts. */
  minRationale: number;
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
  | OverrideFormView
  | SchoolStatusView
  | OverviewView
  | HelpView
  | NoticeView
  | RefusalView
  | NotFoundView;

import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RubricError } from '../../src/rubric/errors.js';
import { parseRubric } from '../../src/rubric/load.js';
import type { RubricInput } from '../../src/rubric/schema.js';

const FILE = 'rubrics/sample.yaml';

/** A small rubric that passes every check; each case below breaks one thing in it. */
function sample(): RubricInput {
  return {
    id: 'sample',
    name: 'Sample framework',
    trust: 'Sample Trust',
    source: 'written for these checks',
    cadence: 'termly',
    scales: [
      { id: 'stage', name: 'Stage', levels: [{ id: 'weak', name: 'Weak' }, { id: 'fair', name: 'Fair' }, { id: 'good', name: 'Good' }] },
    ],
    indicators: [
      {
        id: 'attendance_rate',
        name: 'Attendance',
        unit: '%',
        range: { min: 0, max: 100 },
        direction: 'higher_is_better',
        scale: 'stage',
        bands: [
          { level: 'weak', max: { value: 90, inclusive: false }, text: 'below 90%' },
          { level: 'fair', min: { value: 90, inclusive: true }, max: { value: 95, inclusive: false }, text: '90% to below 95%' },
          { level: 'good', min: { value: 95, inclusive: true }, text: '95% or above' },
        ],
      },
    ],
    groups: [
      {
        id: 'main',
        name: 'Main',
        areas: [
          { id: 'leadership', name: 'Leadership', scale: 'stage' },
          { id: 'attendance', name: 'Attendance', scale: 'stage', indicators: ['attendance_rate'] },
          { id: 'safeguarding', name: 'Safeguarding', scale: 'stage' },
        ],
      },
    ],
    categories: [
      { id: 'intensive', name: 'Intensive', summary: 'The most support.' },
      { id: 'light', name: 'Light touch', summary: 'The least support.' },
    ],
    rules: [
      { id: 'safeguarding_weak', category: 'intensive', when: { area: 'safeguarding', level: { is: 'weak' } }, reason: 'Safeguarding is weak.', source: 'Safeguarding is weak.' },
      { id: 'two_weak', category: 'intensive', when: { count: { level: { is: 'weak' }, atLeast: 2 } }, reason: 'Two areas are weak.', trust: 'The trust counts two.' },
    ],
    fallback: { id: 'otherwise', category: 'light', reason: 'No rule applies.', trust: 'The trust\'s default.' },
    support: {
      strands: [{ id: 'school_improvement', name: 'School improvement' }],
      packages: [
        {
          category: 'light',
          activities: [{ id: 'review', title: 'Termly review', strand: 'school_improvement', owner: 'Director of Education', cadence: { every: 'term' } }],
        },
        {
          category: 'intensive',
          includes: ['light'],
          activities: [{ id: 'visit', title: 'Weekly visit', strand: 'school_improvement', owner: 'Director of Education', cadence: { every: 'week', weekday: 'monday' } }],
        },
      ],
    },
  };
}

/** Parse a broken rubric and return the error it must raise. */
function rejection(rubric: unknown): RubricError {
  return rejectionOfText(stringify(rubric));
}

function rejectionOfText(text: string): RubricError {
  try {
    parseRubric(text, FILE);
  } catch (e) {
    if (e instanceof RubricError) return e;
    throw e;
  }
  throw new Error('the rubric was accepted but should have been refused');
}

/** The error names the file, and the issue at `path` says `words`. */
function expectIssue(error: RubricError, path: string, words: string | RegExp): void {
  expect(error.message.startsWith(`${FILE}:`)).toBe(true);
  expect(error.message).toContain(`at ${path}`);
  const issue = error.issues.find((i) => i.path === path || i.path.startsWith(`${path} (line `));
  expect(issue, `no issue at ${path}; got ${error.message}`).toBeDefined();
  expect(issue!.message).toMatch(words);
}

describe('parseRubric accepts the sample', () => {
  it('parses the unbroken sample without issues', () => {
    expect(parseRubric(stringify(sample()), FILE).id).toBe('sample');
  });
});

describe('parseRubric refuses a broken rubric, naming the file and the path', () => {
  it('bands with a gap between them', () => {
    const rubric = sample();
    rubric.indicators![0]!.bands[1] = { level: 'fair', min: { value: 91, inclusive: true }, max: { value: 95, inclusive: false }, text: '91% to below 95%' };
    const error = rejection(rubric);
    expectIssue(error, 'indicators[0].bands', /no band includes 90, 90\.5%/);
  });

  it('a gap of a single value where both bands leave out the boundary', () => {
    const rubric = sample();
    rubric.indicators![0]!.bands[0] = { level: 'weak', max: { value: 90, inclusive: false }, text: 'below 90%' };
    rubric.indicators![0]!.bands[1] = { level: 'fair', min: { value: 90, inclusive: false }, max: { value: 95, inclusive: false }, text: 'above 90% to below 95%' };
    expectIssue(rejection(rubric), 'indicators[0].bands', /no band includes 90%/);
  });

  it('a gap measured against the national figure is named in the figure a person types', () => {
    const rubric = sample();
    const indicator = rubric.indicators![0]!;
    indicator.basis = 'difference_from_national';
    indicator.national = { value: 94, year: '2023-24' };
    indicator.bands = [
      { level: 'weak', max: { value: -2, inclusive: false }, text: 'more than 2 points below national' },
      { level: 'good', min: { value: 0, inclusive: true }, text: 'national or above' },
    ];
    expectIssue(rejection(rubric), 'indicators[0].bands', /no band includes 92, 93%/);
  });

  it('a band that never applies: a worse band wholly inside a better one', () => {
    const rubric = sample();
    rubric.indicators![0]!.bands.push({ level: 'weak', min: { value: 96, inclusive: true }, max: { value: 98, inclusive: true }, text: '96% to 98%' });
    expectIssue(rejection(rubric), 'indicators[0].bands[3]', /band "96% to 98%" \(96% to 98%\) never applies/);
  });

  it('an unknown level id in a band', () => {
    const rubric = sample();
    rubric.indicators![0]!.bands[2]!.level = 'excellent';
    expectIssue(rejection(rubric), 'indicators[0].bands[2].level', /unknown level "excellent" on scale "stage"; expected one of: weak, fair, good/);
  });

  it('an unknown level id in a descriptor', () => {
    const rubric = sample();
    rubric.groups[0]!.areas[0]!.descriptors = { weak: 'Unstable.', strong: 'Strong.' };
    expectIssue(rejection(rubric), 'groups[0].areas[0].descriptors.strong', /unknown level "strong" on scale "stage"/);
  });

  it('an unknown level id in a rule', () => {
    const rubric = sample();
    rubric.rules![0]!.when = { area: 'safeguarding', level: { is: 'inadequate' } };
    expectIssue(rejection(rubric), 'rules[0].when.level', /unknown level "inadequate" on scale "stage"/);
  });

  it('an unknown area id in a rule', () => {
    const rubric = sample();
    rubric.rules![0]!.when = { area: 'safeguard', level: { is: 'weak' } };
    expectIssue(rejection(rubric), 'rules[0].when.area', /unknown area "safeguard"; expected one of: leadership, attendance, safeguarding/);
  });

  it('an unknown area id inside a count', () => {
    const rubric = sample();
    rubric.rules![1]!.when = { count: { areas: ['leadership', 'curriculum'], level: { is: 'weak' }, atLeast: 1 } };
    expectIssue(rejection(rubric), 'rules[1].when.count.areas[1]', /unknown area "curriculum"/);
  });

  it('a rule that can never fire: a count asking for more areas than it counts', () => {
    const rubric = sample();
    rubric.rules![1]!.when = { count: { areas: ['leadership', 'attendance'], level: { is: 'weak' }, atLeast: 3 } };
    expectIssue(rejection(rubric), 'rules[1].when.count.atLeast', /can never hold: it asks for 3 areas but only 2 are counted/);
  });

  it('a rule that can never fire: the same condition as an earlier rule', () => {
    const rubric = sample();
    rubric.rules!.push({ id: 'safeguarding_again', category: 'light', when: { area: 'safeguarding', level: { is: 'weak' } }, reason: 'Again.' });
    expectIssue(rejection(rubric), 'rules[2].when', /rule "safeguarding_again" can never fire: rule "safeguarding_weak" has the same condition/);
  });

  it('the same condition written with its fields in another order', () => {
    const rubric = sample();
    rubric.rules!.push({ id: 'reordered', category: 'light', when: { level: { is: 'weak' }, area: 'safeguarding' }, reason: 'Again.' });
    expectIssue(rejection(rubric), 'rules[2].when', /rule "reordered" can never fire: rule "safeguarding_weak"/);
  });

  it('a rule that says neither source nor trust', () => {
    const rubric = sample();
    delete rubric.rules![1]!.trust;
    expectIssue(rejection(rubric), 'rules[1]', /neither source .* nor trust/);
  });

  it('a best fit that leaves a level without a category', () => {
    const rubric = sample();
    rubric.fallback = { id: 'fit', bestFit: { categories: { weak: 'intensive', good: 'light' } }, reason: 'Best fit.', source: 'The seed.' };
    expectIssue(rejection(rubric), 'fallback.bestFit.categories', /level "fair" has no category/);
  });

  it('a context condition naming an option the question does not have', () => {
    const rubric = sample();
    rubric.context = [{ id: 'ofsted', name: 'Ofsted', kind: 'choice', options: [{ id: 'good', name: 'Good' }, { id: 'special_measures', name: 'Special measures' }] }];
    rubric.rules![0]!.when = { context: 'ofsted', is: ['inadequate'] };
    expectIssue(rejection(rubric), 'rules[0].when.is[0]', /unknown option of "ofsted" "inadequate"/);
  });

  it('an area limited to a phase the rubric does not list', () => {
    const rubric = sample();
    rubric.groups[0]!.areas[0]!.phases = ['early_years'];
    expectIssue(rejection(rubric), 'groups[0].areas[0].phases[0]', /unknown phase "early_years"/);
  });

  it('a missing fallback', () => {
    const rubric = sample();
    delete rubric.fallback;
    expectIssue(rejection(rubric), 'fallback', /a fallback rule is required/);
  });

  it('a support package for an unknown category', () => {
    const rubric = sample();
    rubric.support!.packages[1]!.category = 'urgent';
    expectIssue(rejection(rubric), 'support.packages[1].category', /support package refers to unknown category "urgent"; expected one of: intensive, light/);
  });

  it('an includes cycle', () => {
    const rubric = sample();
    rubric.support!.packages[0]!.includes = ['intensive'];
    const error = rejection(rubric);
    expectIssue(error, 'support.packages[0].includes', /category "light" includes itself/);
    expectIssue(error, 'support.packages[1].includes', /category "intensive" includes itself/);
  });

  it('a package that includes itself', () => {
    const rubric = sample();
    rubric.support!.packages[0]!.includes = ['light'];
    expectIssue(rejection(rubric), 'support.packages[0].includes', /category "light" includes itself/);
  });

  it('bad YAML, naming the line', () => {
    const text = stringify(sample()).replace('cadence: termly', 'cadence: [termly');
    const line = stringify(sample()).split('\n').findIndex((l) => l === 'cadence: termly') + 1;
    const error = rejectionOfText(text);
    expect(error.message.startsWith(`${FILE}:`)).toBe(true);
    expect(error.issues[0]!.path).toMatch(/^line \d+, column \d+$/);
    expect(error.issues[0]!.message).toMatch(/^not valid YAML/);
    expect(Number(/^line (\d+)/.exec(error.issues[0]!.path)![1])).toBeGreaterThanOrEqual(line);
  });

  it('a key given twice, naming its line', () => {
    const text = stringify(sample()).replace('cadence: termly\n', 'cadence: termly\ncadence: annual\n');
    const line = text.split('\n').indexOf('cadence: annual') + 1;
    const error = rejectionOfText(text);
    expect(error.issues[0]!.path).toBe(`line ${line}, column 1`);
    expect(error.issues[0]!.message).toMatch(/not valid YAML: .*unique/);
  });

  it('an unexpected field, at the top and deep inside, with its line', () => {
    const topText = stringify({ ...sample(), colour: 'blue' });
    const topLine = topText.split('\n').indexOf('colour: blue') + 1;
    const top = rejectionOfText(topText);
    expectIssue(top, 'colour', /unexpected field "colour"/);
    expect(top.message).toContain(`at colour (line ${topLine}): unexpected field "colour"`);

    const rubric = sample();
    Object.assign(rubric.groups[0]!.areas[1]!, { weight: 2 });
    const text = stringify(rubric);
    const line = text.split('\n').findIndex((l) => l.trim() === 'weight: 2') + 1;
    expect(rejectionOfText(text).message).toContain(`at groups[0].areas[1].weight (line ${line}): unexpected field "weight"`);
  });

  it('names the line of the broken field', () => {
    const text = stringify({ ...sample(), cadence: 'weekly' });
    const line = text.split('\n').indexOf('cadence: weekly') + 1;
    expect(rejectionOfText(text).message).toContain(`at cadence (line ${line}):`);
  });
});

/** The support part of the rubric format: days in halves, "up to" allocations, on-request activities. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRubric, rubricFile } from '../../src/rubric/load.js';

const cmat = readFileSync(rubricFile('cmat'), 'utf8');
const problemsOf = (text: string) => {
  try {
    parseRubric(text, 'cmat.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the rubric loaded but should not have');
};

describe('support activities in a rubric file', () => {
  it('refuses days that are not whole or half days, naming the activity and line', () => {
    const text = cmat.replace('cadence: { every: term }', 'cadence: { allocation: { days: 1.3, per: term } }');
    expect(problemsOf(text)).toMatch(/^cmat\.yaml: one problem\n {2}- at support\.packages\[0\]\.activities\[3\]\.cadence\.allocation\.days \(line \d+\): a whole or half number of days \(e\.g\. 2 or 1\.5\)$/);
  });

  it('names the cadences allowed when one is not known', () => {
    const text = cmat.replace('cadence: { every: on_request }', 'cadence: { every: as_needed }');
    expect(problemsOf(text)).toMatch(/cadence\.every \(line \d+\): Invalid discriminator value\. Expected 'week' \| 'month' \| 'half_term' \| 'term' \| 'year' \| 'years' \| 'on_request'/);
  });

  it('reads an allocation as firm unless it says "up to"', () => {
    const firm = parseRubric(cmat.replace('cadence: { every: term }', 'cadence: { allocation: { days: 1.5, per: term } }'), 'cmat.yaml');
    expect(firm.support!.packages[0]!.activities[3]!.cadence).toEqual({ allocation: { days: 1.5, per: 'term', upTo: false } });
    const offered = parseRubric(cmat.replace('cadence: { every: term }', 'cadence: { allocation: { days: 10, per: year, upTo: true } }'), 'cmat.yaml');
    expect(offered.support!.packages[0]!.activities[3]!.cadence).toEqual({ allocation: { days: 10, per: 'year', upTo: true } });
  });
});

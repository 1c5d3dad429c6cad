import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALENDAR_FILE, CalendarFileError, loadCalendar, parseCalendar } from '../../src/calendar/index.js';

const shipped = readFileSync(CALENDAR_FILE, 'utf8');

/** The shipped file with one edit; fails loudly if the text to edit is not there. */
function edited(from: string, to: string): string {
  expect(shipped).toContain(from);
  return shipped.replace(from, to);
}

function problem(text: string): CalendarFileError {
  try {
    parseCalendar(text, 'data/calendar/local.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarFileError);
    return e as CalendarFileError;
  }
  throw new Error('the calendar loaded but should not have');
}

describe('loading term dates', () => {
  it('loads the shipped England defaults: two academic years of three terms', () => {
    const calendar = loadCalendar();
    expect(calendar.academicYears.map((y) => y.id)).toEqual(['2026-27', '2027-28']);
    expect(calendar.academicYears[0]!.terms.map((t) => [t.term, t.firstDay, t.lastDay])).toEqual([
      ['autumn', '2026-09-03', '2026-12-18'],
      ['spring', '2027-01-04', '2027-03-25'],
      ['summer', '2027-04-12', '2027-07-21'],
    ]);
  });

  it('names the file and the path of a term out of order', () => {
    const text = edited('      - term: spring\n        firstDay: 2027-01-04', '      - term: summer\n        firstDay: 2027-01-04');
    const error = problem(text);
    expect(error.message).toContain('data/calendar/local.yaml');
    expect(error.issues).toContainEqual({ path: 'academicYears[0].terms[1].term', message: expect.stringContaining('expected "spring" here, found "summer"') });
  });

  it('refuses a half-term outside its term', () => {
    const error = problem(edited('{ firstDay: 2026-10-26, lastDay: 2026-10-30 }', '{ firstDay: 2026-12-21, lastDay: 2026-12-24 }'));
    expect(error.issues).toEqual([
      { path: 'academicYears[0].terms[0].halfTerm', message: expect.stringContaining('(2026-12-21 to 2026-12-24) must fall inside the autumn term (2026-09-03 to 2026-12-18)') },
    ]);
  });

  it('refuses terms that overlap', () => {
    const error = problem(edited('firstDay: 2027-01-04      # Monday', 'firstDay: 2026-12-14'));
    expect(error.issues).toContainEqual({
      path: 'academicYears[0].terms[1].firstDay',
      message: 'the spring term starts (2026-12-14) before the previous term ends (2026-12-18 at academicYears[0].terms[0])',
    });
  });

  it('refuses a term that starts on a weekend, and a bank holiday outside term time', () => {
    const error = problem(edited('firstDay: 2027-04-12', 'firstDay: 2027-04-10').replace('date: 2027-05-03', 'date: 2027-08-30'));
    expect(error.issues.map((i) => i.path)).toEqual(['academicYears[0].terms[2].firstDay', 'academicYears[0].terms[2].closures[0].date']);
    expect(error.issues[0]!.message).toBe("2027-04-10 is a Saturday; a term's first day must be a school day");
    expect(error.issues[1]!.message).toContain('Early May bank holiday (2027-08-30) is outside the summer term');
  });

  it('refuses impossible dates and misspelt fields, naming the value', () => {
    const error = problem(edited('lastDay: 2026-12-18', 'lastDay: 2026-02-30').replace('halfTerm: { firstDay: 2027-02-15', 'halfterm: { firstDay: 2027-02-15'));
    expect(error.issues).toContainEqual({ path: 'academicYears[0].terms[0].lastDay', message: 'a real calendar date' });
    expect(error.issues).toContainEqual({ path: expect.stringMatching(/^academicYears\[0\]\.terms\[1\]/), message: 'unexpected field "halfterm"' });
    expect(error.issues).toContainEqual({ path: 'academicYears[0].terms[1].halfTerm', message: 'required: expected object' });
  });

  it('refuses academic years that are not consecutive', () => {
    const error = problem(edited('id: "2027-28"', 'id: "2028-29"'));
    expect(error.issues).toContainEqual({ path: 'academicYears[1].id', message: 'academic years must be consecutive, earliest first: "2028-29" follows "2026-27"' });
  });

  it('reports broken YAML with its line', () => {
    const error = problem('name: x\nacademicYears: [\n');
    expect(error.issues[0]!.message).toMatch(/^not valid YAML/);
    expect(error.issues[0]!.path).toMatch(/^line \d+/);
  });

  it('names a file that does not exist, and a bad file on disk, by its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendar-'));
    expect(() => loadCalendar(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: one problem\n {2}- cannot be read: ENOENT/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, edited('{ firstDay: 2028-05-29, lastDay: 2028-06-02 }', '{ firstDay: 2028-06-02, lastDay: 2028-05-29 }'));
    expect(() => loadCalendar(bad)).toThrow(`${bad}: one problem\n  - at academicYears[1].terms[2].halfTerm.lastDay: the half-term holiday ends (2028-05-29) before it starts (2028-06-02)`);
  });
});

/** Figures as people and files write them: a refusal says what was given, never a rounded or reinterpreted value. */
import { describe, expect, it } from 'vitest';
import { parseAnswers, parseFigure, parseRating } from '../../src/evaluator/answers.js';
import { loadRubrics } from '../../src/rubric/load.js';

const ethos = loadRubrics().get('ethos')!;
const refusal = (value: unknown) => {
  const parsed = parseFigure(ethos, 'attendance', value);
  return parsed.ok ? `accepted ${parsed.value}` : parsed.issues[0]!.message;
};

describe('a figure', () => {
  it('just over the range is refused as given, not rounded into the range', () => {
    expect(refusal(100.0001)).toBe('100.0001% is outside the allowed range for Attendance (0% to 100%)');
    expect(refusal('100.0001')).toBe('100.0001% is outside the allowed range for Attendance (0% to 100%)');
  });

  it('too large to hold is "not a finite number", not "null is not a number"', () => {
    expect(refusal(Number.POSITIVE_INFINITY)).toBe('the figure given is not a finite number (too large to hold); Attendance needs a figure in %');
    expect(refusal('1e999')).toBe('"1e999" is not a finite number (too large to hold); Attendance needs a figure in %');
  });

  it.each(['0x10', '0b11', '0o17', 'Infinity', '1_0', '', '  ', '9 1'])('written as %j is refused, not read as some other number', (text) => {
    expect(refusal(text)).toMatch(/is not a number; Attendance needs a figure in %$/);
  });

  it.each([['91.4', 91.4], ['91.4%', 91.4], [' 91 % ', 91], ['+91', 91], ['.5', 0.5], ['9.1e1', 91]])('written as %j is read as %d', (text, n) => {
    expect(refusal(text)).toBe(`accepted ${n}`);
  });
});

describe('values nested far deeper than answers are', () => {
  const deep = (n: number) => {
    let v: unknown = 91;
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };

  it('a figure or rating nested 20,000 deep is refused with a message, not a stack overflow', () => {
    expect(refusal(deep(20_000))).toBe('a deeply nested list is not a number; Attendance needs a figure in %');
    const rating = parseRating(ethos, 'safeguarding', deep(20_000));
    expect(rating.ok).toBe(false);
  });

  it('a whole set of answers nested 20,000 deep is refused as such', () => {
    const parsed = parseAnswers(ethos, { ratings: deep(20_000) });
    expect(parsed).toEqual({ ok: false, issues: [{ path: '', message: 'the answers nest lists or objects too deeply to be answers (a few levels at most)' }] });
  });
});

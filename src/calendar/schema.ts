/**
 * The term-dates file: a trust's school calendar as data (data/calendar/*.yaml). Field
 * checks live here; the checks across fields (order, overlaps, half-term inside its term)
 * live in `check.ts`.
 */
import { z } from 'zod';
import { TermName } from '../rubric/schema.js';
import { IsoDate } from './dates.js';

const Text = z.string().trim().min(1, 'a non-empty text');

/** A weekday in term on which the school is closed to pupils. */
export const Closure = z.strictObject({
  date: IsoDate,
  /** `inset`: a staff training day; `closure`: anything else (a polling day, an emergency). */
  kind: z.enum(['bank_holiday', 'inset', 'closure']),
  name: Text,
});
export type Closure = z.infer<typeof Closure>;

/** A holiday given by its first and last day, both included. */
export const Holiday = z.strictObject({ firstDay: IsoDate, lastDay: IsoDate });
export type Holiday = z.infer<typeof Holiday>;

export const Term = z.strictObject({
  term: TermName,
  /** The first and last days pupils are in school. */
  firstDay: IsoDate,
  lastDay: IsoDate,
  /** The half-term holiday that splits the term into two half-terms. */
  halfTerm: Holiday,
  /** Bank holidays, INSET days and other closures that fall in term time. */
  closures: z.array(Closure).default([]),
});
export type Term = z.infer<typeof Term>;

export const AcademicYear = z.strictObject({
  /** "2026-27": runs 1 September 2026 to 31 August 2027. */
  id: z.string().regex(/^\d{4}-\d{2}$/, 'an academic year such as "2026-27"'),
  /** Autumn, spring, summer, in that order. */
  terms: z.array(Term).length(3, 'three terms: autumn, spring, summer'),
});
export type AcademicYear = z.infer<typeof AcademicYear>;

export const Calendar = z.strictObject({
  /** Whose dates these are, e.g. "England (typical local-authority dates)". */
  name: Text,
  /** Consecutive academic years, earliest first. */
  academicYears: z.array(AcademicYear).min(1, 'at least one academic year'),
});
export type Calendar = z.infer<typeof Calendar>;
export type CalendarInput = z.input<typeof Calendar>;

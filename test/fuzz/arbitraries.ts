/** Generators for the fuzz tests: values as a tester (or a broken client) would send them. */
import fc from 'fast-check';

/** Strings with a bias to the characters and words that break parsers: quotes, brackets, numbers, built-in names. */
export const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'null', 'undefined', 'NaN',
    'Infinity', '-Infinity', '1e999', '-1e999', '0x10', '0b1', '1_000', '100.0001', '-0', '91.4%', '%', '\u0000', '\uFEFF91',
    '<at>Termly</at>', '&nbsp;', '\n', '../../etc/passwd', '{"a":1}', '[]', '${x}', '{{x}}', 'reach-academy', '2026-27-autumn',
    '2025-26-autumn', 'Reach Academy', 'attendance', 'safeguarding', 'assured', 'met',
  ),
);

/** Any JSON value, nested a few levels, with nasty strings and extreme numbers. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nasty,
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nasty, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value nested `depth` deep, as text (JSON.stringify itself could not write it). */
export const deepJson = fc.integer({ min: 60, max: 30_000 }).chain((depth) =>
  fc.constantFrom('[', '{"a":').map((open) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`));

/** What a refusal must never look like: a leaked internal. */
export const LEAK = /\bat .+\(.*:\d+:\d+\)|\[object Object\]|(?<!")\bundefined\b(?!")|is not a function|Maximum call stack|Cannot read propert/;

/** One thing wrong in a rubric file: where, and what was expected. */
export interface RubricIssue {
  /** Path inside the file, e.g. `groups[3].areas[0].scale`. Empty for the whole file. */
  path: string;
  message: string;
}

/** A rubric that cannot be used. The message names the file and every issue found. */
export class RubricError extends Error {
  readonly code = 'RUBRIC_INVALID';
  constructor(
    readonly file: string,
    readonly issues: RubricIssue[],
  ) {
    super(describeFileIssues(file, issues));
    this.name = 'RubricError';
  }
}

/** `['groups', 3, 'areas', 0]` → `groups[3].areas[0]` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** "file: 2 problems" then one line per issue: the shape every data-file error takes. */
export function describeFileIssues(file: string, issues: readonly RubricIssue[]): string {
  return `${file}: ${issues.length === 1 ? 'one problem' : `${issues.length} problems`}\n` +
    issues.map((i) => `  - ${i.path ? `at ${i.path}: ` : ''}${i.message}`).join('\n');
}

/**
 * docs/permissions.md, written from the permissions table. `npm run docs:permissions` writes it;
 * permissions.test.ts fails when the file is not what the table says.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cells, PERMISSIONS, ROLE_NAMES, ROLES } from './permissions.table.js';

export const PERMISSIONS_DOC = fileURLToPath(new URL('../../docs/permissions.md', import.meta.url));

export function permissionsDoc(): string {
  const lines = [
    '# Who may do what',
    '',
    '<!-- Generated from test/review/permissions.table.ts by `npm run docs:permissions`; do not edit by hand. -->',
    '',
    'Every chat command and card action, for every role, on the person\'s own school, another',
    'school, and a past review window. Each cell is tested (`test/review/permissions.test.ts`):',
    '**yes** means it is done or shown; **no** means it is refused with a message saying why.',
    'For a head, "own school" is the school they lead; leadership sees every school, so for them',
    'both school columns are simply a school. Decisions are made only on the latest review that',
    'has opened: a card from a past window changes nothing.',
    '',
    'The scene: the demo trust (Ethos) in its open autumn 2026-27 review, with Reach Academy (the',
    'head\'s own school) and Engage Academy (the other school) submitted and proposed, and the',
    '2025-26 reviews past and decided. A row marked *before opening* is tried before the autumn',
    'review opens; one marked *once decided*, after the CEO has confirmed both autumn proposals.',
    '',
    `| what | on | ${ROLES.map((r) => ROLE_NAMES[r]).join(' | ')} | why |`,
    `| --- | --- | ${ROLES.map(() => ':---:').join(' | ')} | --- |`,
  ];
  for (const row of PERMISSIONS) {
    const may = cells(row);
    const text = (t: string) => t.replace(/</g, '‹').replace(/>/g, '›');
    const when = row.beforeOpening ? ', *before opening*' : row.decided ? ', *once decided*' : '';
    lines.push(`| ${text(row.what)} | ${row.scope}${when} | ${ROLES.map((r) => (may[r] ? 'yes' : 'no')).join(' | ')} | ${text(row.note ?? '')} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(PERMISSIONS_DOC, permissionsDoc());
  process.stdout.write(`wrote ${PERMISSIONS_DOC}\n`);
}

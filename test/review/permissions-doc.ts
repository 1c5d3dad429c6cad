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
    `| what | on | ${ROLES.map((r) => ROLE_NAMES[r]).join(' | ')} | why |`,
    `| --- | --- | ${ROLES.map(() => ':---:').join(' | ')} | --- |`,
  ];
  for (const row of PERMISSIONS) {
    const may = cells(row);
    const text = (t: string) => t.replace(/</g, '‹').replace(/>/g, '›');
    lines.push(`| ${text(row.what)} | ${row.scope} | ${ROLES.map((r) => (may[r] ? 'yes' : 'no')).join(' | ')} | ${text(row.note ?? '')} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(PERMISSIONS_DOC, permissionsDoc());
  process.stdout.write(`wrote ${PERMISSIONS_DOC}\n`);
}

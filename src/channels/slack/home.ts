/**
 * The Home tab: what a person most likely came for (a head's review that is due, with Start),
 * then their schools (a head's own school's status; for leadership, the trust at a glance), and
 * what the bot can do. Drawn from the use-cases' reading views only, so opening the tab changes
 * nothing in the store.
 */
import type { Identity, ReviewService, View } from '../../review/index.js';

export async function homeViews(service: ReviewService, identity: Identity): Promise<View[]> {
  const due = await service.greet(identity);
  // Someone not on the roster is told who to ask, and shown nothing else.
  if (due.kind === 'refusal') return [due];
  const schools = await service.handleText(identity, 'status');
  // Nothing due: the greeting is the help card, which reads best after the schools.
  return due.kind === 'help' ? [schools, due] : [due, schools];
}

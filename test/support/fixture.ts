/** A small rubric whose support packages exercise every cadence; only the fields a schedule reads matter. */
import { Rubric, type RubricInput } from '../../src/rubric/schema.js';

type ActivityInput = NonNullable<NonNullable<RubricInput['support']>['packages'][number]['activities']>[number];

export function fixtureRubric(packages: { category: string; includes?: string[]; activities: ActivityInput[] }[]): Rubric {
  const categories = [...new Set(['basic', 'extra', ...packages.map((p) => p.category)])];
  return Rubric.parse({
    id: 'fixture',
    name: 'Fixture',
    trust: 'Fixture Trust',
    source: 'test fixture',
    cadence: 'termly',
    scales: [{ id: 'rag', name: 'RAG', levels: [{ id: 'red', name: 'Red' }, { id: 'green', name: 'Green' }] }],
    groups: [{ id: 'all', name: 'All', areas: [{ id: 'leadership', name: 'Leadership', scale: 'rag' }] }],
    categories: categories.map((id) => ({ id, name: id.toUpperCase(), summary: `The ${id} category` })),
    support: {
      strands: [{ id: 'school_improvement', name: 'School improvement' }, { id: 'hr', name: 'HR' }],
      packages,
    },
  });
}

export function activity(id: string, cadence: ActivityInput['cadence'], extra: Partial<ActivityInput> = {}): ActivityInput {
  return { id, title: `Title of ${id}`, strand: 'school_improvement', owner: 'Director of Education', cadence, ...extra };
}

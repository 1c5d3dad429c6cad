import type { Activity, Rubric } from '../rubric/schema.js';
import { ScheduleError } from './errors.js';

/**
 * The activities a category brings, with "as category X plus…" resolved: the included
 * categories' activities first (in the order listed), then the package's own. An activity
 * defined again under the same id replaces the earlier definition, keeping its place.
 * A known category without a package brings no activities.
 */
export function packageActivities(rubric: Rubric, category: string): Activity[] {
  if (!rubric.support) throw new ScheduleError('NO_SUPPORT', `the rubric "${rubric.id}" has no support packages`);
  const known = rubric.categories.map((c) => c.id);
  if (!known.includes(category)) {
    throw new ScheduleError('CATEGORY_UNKNOWN', `"${category}" is not a category of the rubric "${rubric.id}": expected one of ${known.join(', ')}`);
  }
  const packages = new Map(rubric.support.packages.map((p) => [p.category, p]));

  const resolve = (id: string, path: string[]): Map<string, Activity> => {
    if (path.includes(id)) {
      throw new ScheduleError('INCLUDES_CYCLE', `support packages include each other in a circle: ${[...path, id].join(' → ')}`);
    }
    const pkg = packages.get(id);
    const out = new Map<string, Activity>();
    if (!pkg) return out;
    for (const included of pkg.includes) {
      for (const [activityId, activity] of resolve(included, [...path, id])) out.set(activityId, activity);
    }
    for (const activity of pkg.activities) out.set(activity.id, activity);
    return out;
  };
  return [...resolve(category, []).values()];
}

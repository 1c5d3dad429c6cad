/** Who is asking, and what they may see and do. Authorisation lives here, for every door. */
import { LEADERSHIP_ROLES, type Person, type Trust } from '../store/records.js';
import type { RefusalView } from './views.js';

export type Identity =
  | { platform: 'teams'; aadObjectId: string }
  | { platform: 'slack'; userId: string }
  | { platform: 'cli'; personId: string };

export interface Actor {
  person: Person;
  /** Sees every school (central roles). Heads see their own schools only. */
  leadership: boolean;
  /** May confirm or override a proposed category (the CEO chairs the decision). */
  decides: boolean;
  /** The roles whose areas this person rates: `head` and/or central role ids. */
  roles: string[];
}

/** Central roles see the whole trust. */
const LEADERSHIP = new Set<string>(LEADERSHIP_ROLES);
/** The seeds agree: the CEO chairs categorisation, with the Director of Education. */
const DECIDERS = new Set(['ceo', 'director_of_education']);

export function identify(trust: Trust, identity: Identity): Actor | null {
  const person = trust.people.find((p) =>
    identity.platform === 'teams' ? p.teams?.aadObjectId.toLowerCase() === identity.aadObjectId.toLowerCase()
      : identity.platform === 'slack' ? p.slack?.userId === identity.userId
        : p.id === identity.personId);
  if (!person) return null;
  return {
    person,
    leadership: person.roles.some((r) => LEADERSHIP.has(r)),
    decides: person.roles.some((r) => DECIDERS.has(r)),
    roles: person.roles,
  };
}

/** The people who confirm or override categories. */
export function decidersOf(trust: Trust): Person[] {
  return trust.people.filter((p) => p.roles.some((r) => DECIDERS.has(r)));
}

export function canSee(actor: Actor, schoolId: string): boolean {
  return actor.leadership || actor.person.schoolIds.includes(schoolId);
}

export const refusals = {
  stranger: (): RefusalView => ({
    kind: 'refusal',
    message: "Sorry, I can only help people on the trust's roster, and I can't find you there. Please ask the trust's central team to add you.",
  }),
  notYourSchool: (actor: Actor, schoolName: string): RefusalView => ({
    kind: 'refusal',
    message: `Sorry, you can see and answer for ${actor.person.schoolIds.length === 1 ? 'your own school' : 'your own schools'} only, not ${schoolName}.`,
  }),
  leadershipOnly: (what: string): RefusalView => ({
    kind: 'refusal',
    message: `Sorry, ${what} is for trust leadership only.`,
  }),
  decidersOnly: (): RefusalView => ({
    kind: 'refusal',
    message: 'Sorry, confirming or overriding a category is for the CEO or the Director of Education.',
  }),
};

/** The command line and the scheduler act for the trust as a whole, never as a person. */
export function systemActor(name = 'Termly'): Actor {
  return {
    person: { id: 'system', name, title: name, roles: ['system'], schoolIds: [] },
    leadership: true,
    decides: false,
    roles: ['system'],
  };
}

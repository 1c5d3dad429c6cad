/**
 * How a trust pairs a school weak in an area with a peer strong in it (DOMAIN.md decision 10).
 * Part of the rubric: which categories a supporting school may be in, and how many schools one
 * supporter takes in a term.
 */
import { z } from 'zod';

const Id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'an id: lower-case letters, digits and "_", starting with a letter');

export const PeerSupport = z.strictObject({
  /** Categories whose schools the framework expects to support others (Ethos SUSTAIN and IMPROVE). Preferred, not required. */
  supportingCategories: z.array(Id).default([]),
  /** How many schools one supporter takes in a term: a supporter at its limit is not suggested. */
  maxSupported: z.number().int().min(1).max(10).default(2),
  /** How many consecutive reviews a peer must have been strong in the area. */
  minReviews: z.number().int().min(1).max(12).default(2),
  /** How many peers are suggested for one weak area. */
  suggestions: z.number().int().min(1).max(5).default(2),
});
export type PeerSupport = z.infer<typeof PeerSupport>;

export const DEFAULT_PEER_SUPPORT: PeerSupport = PeerSupport.parse({});

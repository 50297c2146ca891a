import type { Claim, EntityMention, NumberMention, Span } from './types';

/** What the claim finder gets from the earlier stages. */
export interface ClaimContext {
	text: string;
	numbers: NumberMention[];
	entities: EntityMention[];
	boilerplate: Span[];
	/** ISO date that relative dates resolve against, or null when unknown. */
	published: string | null;
}

/** Finds numeric claims: a figure with what it counts, its qualifier, its source; none inside page chrome. */
export function findClaims(_context: ClaimContext): Claim[] {
	return [];
}

/** Infers the publication date (ISO) from the text: dateline, captions, explicit dates. */
export function inferPublished(_text: string): string | null {
	return null;
}

/** Plain data shared by the engine, the CLI and the editor adapters. Offsets are UTF-16 code units, end exclusive. */

/** A half-open [start, end) range of a document's text. */
export interface Span {
	start: number;
	end: number;
}

/** An interval bound: a number, or an ISO date (YYYY-MM-DD) for date claims; null is unbounded. */
export type Bound = number | string | null;

/** A value as an interval, Recognizers-Text style: "more than 200,000" is (200000, null). */
export interface Interval {
	low: Bound;
	high: Bound;
	lowInclusive: boolean;
	highInclusive: boolean;
}

export type EntityType = 'PERSON' | 'ORG' | 'PLACE' | 'NORP';

/** One mention of a named entity. */
export interface EntityMention extends Span {
	text: string;
	type: EntityType;
	/** The same string for every mention of one real-world entity, across documents. */
	canonical: string;
}

export type NumberKind = 'number' | 'range' | 'percent';

/** A bare numeric expression ("4 million", "between 20 and 35", "12%"). */
export interface NumberMention extends Span {
	text: string;
	kind: NumberKind;
	value: Interval;
	/** Hedged ("about", "some", "nearly") or rounded. */
	approx?: boolean;
}

export type ClaimKind = 'count' | 'date' | 'duration' | 'percent' | 'money' | 'ordinal' | 'other';

/** A figure with what it counts, its qualifier and who is cited for it. */
export interface Claim extends Span {
	text: string;
	kind: ClaimKind;
	value: Interval;
	approx: boolean;
	/** The counted noun phrase ("combat sorties"), or the unit of a duration ("years"). */
	counts: string | null;
	/** Who is cited for the figure, if anyone. */
	source: string | null;
	/** The sentence the claim was found in (set by findClaims), for grouping claims by their context. */
	sentence?: Span;
}

/** Everything the engine extracts from one document. */
export interface Analysis {
	entities: EntityMention[];
	claims: Claim[];
	numbers: NumberMention[];
	/** Page chrome and unrelated appended content. */
	boilerplate: Span[];
	/** The document's publication date (ISO), inferred or given, if known. */
	published: string | null;
}

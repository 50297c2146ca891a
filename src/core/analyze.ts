import { findBoilerplate } from './chrome';
import { findClaims, inferPublished } from './claims';
import { findEntities } from './entities';
import { findNumbers } from './numbers';
import type { Analysis } from './types';

/** Options for analysing one document. */
export interface AnalyzeOptions {
	/** Publication date (ISO) from sidecar metadata; otherwise inferred from the text. */
	published?: string | null;
}

/** Runs the whole extraction pipeline over one document's text. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
	const boilerplate = findBoilerplate(text);
	const numbers = findNumbers(text);
	const entities = findEntities(text);
	const published = options.published ?? inferPublished(text, boilerplate);
	const claims = findClaims({ text, numbers, entities, boilerplate, published });
	return { entities, claims, numbers, boilerplate, published };
}

import { findBoilerplate } from './chrome';
import { findClaims, inferPublished } from './claims';
import { findEntities } from './entities';
import { findNumbers } from './numbers';
import { applyRegistry, type Registry } from './registry';
import type { Analysis } from './types';

/** Options for analysing one document. */
export interface AnalyzeOptions {
	/** Publication date (ISO) from sidecar metadata; otherwise inferred from the text. */
	published?: string | null;
	/** The workspace entity registry (analysts' corrections), applied to the entities before claims are found. */
	registry?: Registry;
}

/** Runs the whole extraction pipeline over one document's text. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
	const boilerplate = findBoilerplate(text);
	const numbers = findNumbers(text);
	const found = findEntities(text);
	const entities = options.registry ? applyRegistry(found, text, options.registry) : found;
	const published = options.published ?? inferPublished(text, boilerplate);
	const claims = findClaims({ text, numbers, entities, boilerplate, published });
	return { entities, claims, numbers, boilerplate, published };
}

import type { Analysis } from './types';

/** Options for analysing one document. */
export interface AnalyzeOptions {
	/** Publication date (ISO) from sidecar metadata; otherwise inferred from the text. */
	published?: string | null;
}

/** Runs the whole extraction pipeline over one document's text. */
export function analyze(text: string, _options: AnalyzeOptions = {}): Analysis {
	// The stages (page chrome, numbers, entities, claims) are filled in by the extraction engine.
	return { entities: [], claims: [], numbers: [], boilerplate: [], published: null };
}

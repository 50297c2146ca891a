/** What the corpus index keeps per document: claims with their quantity features and entity mentions, compactly. */
import { createHash } from 'node:crypto';
import { analyze, type AnalyzeOptions } from '../analyze';
import { describeClaims, type ClaimFeatures } from '../quantities';
import type { Analysis, Claim, EntityType } from '../types';

/** Bump when the shape of a record or the meaning of its fields changes: old caches are then ignored. */
export const RECORD_SCHEMA = 1;

/** All mentions of one (canonical, type, surface text) in a document, as flat [start, end, start, end, ...] offsets. */
export interface EntityRow {
	canonical: string;
	type: EntityType;
	text: string;
	spans: number[];
}

/** One document's indexed data: plain JSON, cached by content hash and passed between threads. */
export interface DocumentRecord {
	/** Content hash of the text the record was made from. */
	hash: string;
	/** Length of the text in UTF-16 code units. */
	length: number;
	published: string | null;
	claims: Claim[];
	/** Lines up with `claims`. */
	features: ClaimFeatures[];
	entities: EntityRow[];
	/** Number of entity mentions (sum of the rows' spans). */
	mentionCount: number;
}

/** Hex SHA-1 of a document's text; the key analyses are cached under. */
export function contentHash(text: string): string {
	return createHash('sha1').update(text).digest('hex');
}

/** Builds a record from a document's analysis. */
export function recordFromAnalysis(text: string, analysis: Analysis, hash = contentHash(text)): DocumentRecord {
	const rows = new Map<string, EntityRow>();
	for (const e of analysis.entities) {
		const key = `${e.canonical}\u0000${e.type}\u0000${e.text}`;
		let row = rows.get(key);
		if (!row) rows.set(key, (row = { canonical: e.canonical, type: e.type, text: e.text, spans: [] }));
		row.spans.push(e.start, e.end);
	}
	return {
		hash,
		length: text.length,
		published: analysis.published,
		claims: analysis.claims,
		features: describeClaims(text, analysis),
		entities: [...rows.values()],
		mentionCount: analysis.entities.length,
	};
}

/** A function that analyses one document's text (the engine's `analyze` by default). */
export type Analyzer = (text: string, options?: AnalyzeOptions) => Analysis;

/** Analyses a text and builds its record; `published` comes from sidecar metadata when there is some. */
export function buildRecord(text: string, analyzer: Analyzer = analyze, hash?: string, published?: string | null): DocumentRecord {
	return recordFromAnalysis(text, analyzer(text, published ? { published } : {}), hash);
}

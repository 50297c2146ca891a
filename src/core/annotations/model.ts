/**
 * The annotation sidecar's data model (schema version 1), as plain data.
 * A sidecar `NAME.EXT.annotations.yaml` sits next to the document `NAME.EXT`.
 * Offsets are UTF-16 code units into the BOM-stripped text, end exclusive.
 */

/** The only sidecar schema version this code reads and writes. */
export const SIDECAR_VERSION = 1;

/** Appended to a document's file name to name its sidecar. */
export const SIDECAR_SUFFIX = '.annotations.yaml';

/** What an annotation is about. */
export const ANNOTATION_KINDS = ['note', 'entity', 'claim', 'highlight'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** An analyst's judgement of a claim. */
export const VERDICTS = ['supported', 'disputed', 'false', 'unverified'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The quoted text of an annotation with some context either side, used to find it again after edits. */
export interface TextQuote {
	exact: string;
	prefix: string;
	suffix: string;
}

/** Where an annotation points: the quote, and the position it was last seen at. */
export interface AnnotationTarget {
	quote: TextQuote;
	position: { start: number; end: number };
}

/** One analyst annotation. Optional fields absent from the YAML are absent here (never `undefined` placeholders in output). */
export interface Annotation {
	/** Stable across edits and merges; unique within a sidecar. */
	id: string;
	kind: AnnotationKind;
	target: AnnotationTarget;
	label?: string;
	/** Markdown. */
	note?: string;
	verdict?: Verdict;
	tags?: string[];
	author?: string;
	/** ISO 8601 timestamps. */
	created?: string;
	modified?: string;
}

/** Document metadata the engine may use (a given publication date overrides the inferred one). */
export interface DocumentMetadata {
	title?: string;
	outlet?: string;
	/** ISO date, YYYY-MM-DD. */
	published?: string;
	url?: string;
}

/** The whole content of one sidecar. */
export interface Sidecar {
	version: typeof SIDECAR_VERSION;
	/** The document's file name (not a path), for a reader of the YAML. */
	document: string;
	metadata?: DocumentMetadata;
	/** Kept sorted by position (see compareAnnotations) so parallel additions merge cleanly in git. */
	annotations: Annotation[];
}

/** A problem in a sidecar or registry file, positioned for a diagnostic. Lines and columns are 1-based. */
export interface FileProblem {
	file: string;
	line: number;
	column: number;
	endLine?: number;
	endColumn?: number;
	message: string;
}

/** The sidecar path for a document path (works for `/` and `\` separated paths alike). */
export function sidecarPathFor(documentPath: string): string {
	return documentPath + SIDECAR_SUFFIX;
}

/** The last path segment, for `Sidecar.document`. */
export function baseName(path: string): string {
	const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
	return path.slice(cut + 1);
}

/** An empty sidecar for a document, as created on its first annotation. */
export function emptySidecar(documentPath: string): Sidecar {
	return { version: SIDECAR_VERSION, document: baseName(documentPath), annotations: [] };
}

/** Position order (start, then end, then id) so that the file order is deterministic. */
export function compareAnnotations(a: Annotation, b: Annotation): number {
	return a.target.position.start - b.target.position.start || a.target.position.end - b.target.position.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A copy of the annotations sorted by position. */
export function sortAnnotations(annotations: readonly Annotation[]): Annotation[] {
	return [...annotations].sort(compareAnnotations);
}

/** A new annotation id: `a-` and 12 random base-36 characters (about 62 bits), unique without coordination. */
export function newAnnotationId(random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b)): string {
	const bytes = random(new Uint8Array(12));
	let id = 'a-';
	for (const byte of bytes) id += (byte % 36).toString(36);
	return id;
}

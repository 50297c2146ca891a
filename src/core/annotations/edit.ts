/** Pure operations on a sidecar for the annotation commands: each returns a new sidecar, the input is not changed. */
import { makeTarget, resolveAnchor, retarget, type Anchor } from './anchor';
import { newAnnotationId, sortAnnotations, type Annotation, type Sidecar } from './model';

/** The analyst's content of an annotation (everything but id, target and timestamps). */
export type AnnotationContent = Partial<Pick<Annotation, 'kind' | 'label' | 'note' | 'verdict' | 'tags' | 'author'>>;

/** Clock and id source, injectable for tests. */
export interface EditEnvironment {
	now?: () => Date;
	newId?: () => string;
}

/** Why a span cannot be annotated. */
export function checkSpan(text: string, start: number, end: number): string | null {
	if (!Number.isInteger(start) || !Number.isInteger(end)) return 'start and end must be integers';
	if (start < 0 || end > text.length) return `span ${start}..${end} is outside the document (length ${text.length})`;
	if (end <= start) return 'end must be greater than start';
	if (splitsPair(text, start) || splitsPair(text, end)) return 'span boundary splits a character (UTF-16 surrogate pair)';
	return null;
}

function splitsPair(text: string, offset: number): boolean {
	if (offset <= 0 || offset >= text.length) return false;
	const before = text.charCodeAt(offset - 1);
	const after = text.charCodeAt(offset);
	return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** Adds an annotation on [start, end) of `text`; throws RangeError for an invalid span (check with checkSpan first). */
export function addAnnotation(sidecar: Sidecar, text: string, start: number, end: number, content: AnnotationContent = {}, env: EditEnvironment = {}): { sidecar: Sidecar; annotation: Annotation } {
	const problem = checkSpan(text, start, end);
	if (problem) throw new RangeError(problem);
	const stamp = (env.now?.() ?? new Date()).toISOString();
	const taken = new Set(sidecar.annotations.map((a) => a.id));
	let id = env.newId?.() ?? newAnnotationId();
	while (taken.has(id)) id = newAnnotationId();
	const annotation: Annotation = { id, kind: content.kind ?? 'note', target: makeTarget(text, start, end) };
	Object.assign(annotation, withoutUndefined(content), { kind: content.kind ?? 'note', created: stamp, modified: stamp });
	return { sidecar: { ...sidecar, annotations: sortAnnotations([...sidecar.annotations, annotation]) }, annotation };
}

/** Changes an annotation's content (a field set to undefined is removed) and its `modified` time; unknown ids leave the sidecar as is. */
export function updateAnnotation(sidecar: Sidecar, id: string, changes: AnnotationContent, env: EditEnvironment = {}): Sidecar {
	const stamp = (env.now?.() ?? new Date()).toISOString();
	return {
		...sidecar,
		annotations: sidecar.annotations.map((a) => {
			if (a.id !== id) return a;
			const next: Annotation = { ...a, ...changes, id: a.id, target: a.target, kind: changes.kind ?? a.kind, modified: stamp };
			return withoutUndefined(next) as Annotation;
		}),
	};
}

/** Removes an annotation by id. */
export function deleteAnnotation(sidecar: Sidecar, id: string): Sidecar {
	return { ...sidecar, annotations: sidecar.annotations.filter((a) => a.id !== id) };
}

/** An annotation with where it is in the current text. */
export interface AnchoredAnnotation {
	annotation: Annotation;
	anchor: Anchor;
}

/** Resolves every annotation of a sidecar against the document's current text (read-only). */
export function anchorSidecar(text: string, sidecar: Sidecar): AnchoredAnnotation[] {
	return sidecar.annotations.map((annotation) => ({ annotation, anchor: resolveAnchor(text, annotation.target) }));
}

/**
 * The sidecar to save after the text changed: targets of found annotations follow the text (see retarget),
 * orphans keep their stored quote and position. `anchors` are in the sidecar's annotation order.
 */
export function retargetSidecar(text: string, sidecar: Sidecar, anchors: readonly Anchor[]): Sidecar {
	const annotations = sidecar.annotations.map((a, i) => {
		const target = retarget(text, a.target, anchors[i]);
		return sameTarget(target, a.target) ? a : { ...a, target };
	});
	return { ...sidecar, annotations: sortAnnotations(annotations) };
}

function sameTarget(a: Annotation['target'], b: Annotation['target']): boolean {
	return a.position.start === b.position.start && a.position.end === b.position.end && a.quote.exact === b.quote.exact && a.quote.prefix === b.quote.prefix && a.quote.suffix === b.quote.suffix;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

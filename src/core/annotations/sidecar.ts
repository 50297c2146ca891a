/**
 * Reading and writing sidecar YAML. Parsing validates schema version 1 and reports positioned problems;
 * rendering patches the previous YAML document in place, so comments, key order and unknown fields survive.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import { ANNOTATION_KINDS, SIDECAR_VERSION, VERDICTS, sortAnnotations, type Annotation, type DocumentMetadata, type FileProblem, type Sidecar } from './model';
import { STRINGIFY_OPTIONS, parseTrustedYaml, parseYamlSafely, problemAt } from './safe-yaml';

/** A parsed sidecar, or the problems that make it unusable (it must then not be overwritten). */
export type SidecarParse = { ok: true; sidecar: Sidecar } | { ok: false; problems: FileProblem[] };

type Path = (string | number)[];

const TOP_KEYS = ['version', 'document', 'metadata', 'annotations'];
const METADATA_KEYS = ['title', 'outlet', 'published', 'url'];
const ANNOTATION_KEYS = ['id', 'kind', 'label', 'target', 'note', 'verdict', 'tags', 'author', 'created', 'modified'];
const TARGET_KEYS = ['quote', 'position'];
const QUOTE_KEYS = ['exact', 'prefix', 'suffix'];
const POSITION_KEYS = ['start', 'end'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses and validates sidecar text. `file` is only used in problems. */
export function parseSidecar(text: string, file: string): SidecarParse {
	const parsed = parseYamlSafely(text, file);
	if (!parsed.ok) return parsed;
	const problems: FileProblem[] = [];
	const report = (path: Path, message: string): void => {
		// Point at the deepest node that exists on the path.
		let node: unknown;
		for (let depth = path.length; depth >= 0 && !isNodeLike(node); depth--) node = depth === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, depth), true);
		problems.push(problemAt(file, parsed.lines, isNodeLike(node) ? node.range : undefined, message));
	};
	const sidecar = validateSidecar(parsed.data, report);
	if (problems.length > 0 || !sidecar) return { ok: false, problems };
	cacheDocument(text, { doc: parsed.doc, written: new Map(sidecar.annotations.map((a) => [a.id, JSON.stringify(a)])), composable: !hasAliases(parsed.doc) });
	return { ok: true, sidecar };
}

function isNodeLike(value: unknown): value is Node {
	return typeof value === 'object' && value !== null && 'range' in value && Array.isArray((value as Node).range);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateSidecar(data: unknown, report: (path: Path, message: string) => void): Sidecar | null {
	if (!isRecord(data)) {
		report([], 'a sidecar must be a mapping with version, document and annotations');
		return null;
	}
	if (data.version !== SIDECAR_VERSION) report(['version'], `version must be ${SIDECAR_VERSION} (found ${JSON.stringify(data.version ?? null)})`);
	if (data.document !== undefined && data.document !== null && typeof data.document !== 'string') report(['document'], 'document must be the document\'s file name (a string)');
	let metadata: DocumentMetadata | undefined;
	if (data.metadata !== undefined && data.metadata !== null) {
		if (!isRecord(data.metadata)) report(['metadata'], 'metadata must be a mapping');
		else {
			metadata = {};
			for (const key of METADATA_KEYS) {
				const value = data.metadata[key];
				if (value === undefined || value === null) continue;
				if (typeof value !== 'string') report(['metadata', key], `metadata.${key} must be a string`);
				else if (key === 'published' && !ISO_DATE.test(value)) report(['metadata', key], 'metadata.published must be a date YYYY-MM-DD');
				else metadata[key as keyof DocumentMetadata] = value;
			}
		}
	}
	const annotations: Annotation[] = [];
	const raw = data.annotations ?? [];
	if (!Array.isArray(raw)) report(['annotations'], 'annotations must be a list');
	else {
		const ids = new Set<string>();
		raw.forEach((item, index) => {
			const annotation = validateAnnotation(item, ['annotations', index], report);
			if (!annotation) return;
			if (ids.has(annotation.id)) report(['annotations', index, 'id'], `duplicate annotation id ${annotation.id}`);
			ids.add(annotation.id);
			annotations.push(annotation);
		});
	}
	const sidecar: Sidecar = { version: SIDECAR_VERSION, document: typeof data.document === 'string' ? data.document : '', annotations };
	if (metadata && Object.keys(metadata).length > 0) sidecar.metadata = metadata;
	return sidecar;
}

function validateAnnotation(item: unknown, path: Path, report: (path: Path, message: string) => void): Annotation | null {
	if (!isRecord(item)) {
		report(path, 'an annotation must be a mapping');
		return null;
	}
	let ok = true;
	const fail = (sub: Path, message: string): void => {
		ok = false;
		report([...path, ...sub], message);
	};
	if (typeof item.id !== 'string' || item.id.length === 0) fail(['id'], 'annotation id must be a non-empty string');
	if (!ANNOTATION_KINDS.includes(item.kind as never)) fail(['kind'], `kind must be one of ${ANNOTATION_KINDS.join(', ')}`);
	const target = item.target;
	let quote: Record<string, unknown> = {};
	let position: Record<string, unknown> = {};
	if (!isRecord(target)) fail(['target'], 'target must be a mapping with quote and position');
	else {
		if (!isRecord(target.quote)) fail(['target', 'quote'], 'target.quote must be a mapping with exact, prefix and suffix');
		else {
			quote = target.quote;
			if (typeof quote.exact !== 'string' || quote.exact.length === 0) fail(['target', 'quote', 'exact'], 'target.quote.exact must be a non-empty string');
			for (const key of ['prefix', 'suffix']) if (quote[key] !== undefined && quote[key] !== null && typeof quote[key] !== 'string') fail(['target', 'quote', key], `target.quote.${key} must be a string`);
		}
		if (!isRecord(target.position)) fail(['target', 'position'], 'target.position must be a mapping with start and end');
		else {
			position = target.position;
			const { start, end } = position;
			if (!Number.isInteger(start) || (start as number) < 0) fail(['target', 'position', 'start'], 'target.position.start must be an integer ≥ 0');
			else if (!Number.isInteger(end) || (end as number) < (start as number)) fail(['target', 'position', 'end'], 'target.position.end must be an integer ≥ start');
		}
	}
	if (item.verdict !== undefined && item.verdict !== null && !VERDICTS.includes(item.verdict as never)) fail(['verdict'], `verdict must be one of ${VERDICTS.join(', ')}`);
	if (item.tags !== undefined && item.tags !== null && (!Array.isArray(item.tags) || !item.tags.every((t) => typeof t === 'string'))) fail(['tags'], 'tags must be a list of strings');
	for (const key of ['label', 'note', 'author', 'created', 'modified']) {
		if (item[key] !== undefined && item[key] !== null && typeof item[key] !== 'string') fail([key], `${key} must be a string`);
	}
	if (!ok) return null;
	const annotation: Annotation = {
		id: item.id as string,
		kind: item.kind as Annotation['kind'],
		target: {
			quote: { exact: quote.exact as string, prefix: (quote.prefix as string) ?? '', suffix: (quote.suffix as string) ?? '' },
			position: { start: position.start as number, end: position.end as number },
		},
	};
	for (const key of ['label', 'note', 'verdict', 'author', 'created', 'modified'] as const) {
		if (typeof item[key] === 'string') (annotation as unknown as Record<string, string>)[key] = item[key];
	}
	if (Array.isArray(item.tags)) annotation.tags = [...(item.tags as string[])];
	return annotation;
}

/**
 * Renders a sidecar as YAML. With `baseText` (the sidecar's current, valid, YAML), that document is patched:
 * unchanged values keep their formatting and comments, unknown keys stay, annotations keep their comments,
 * and annotations are written in position order. Throws only if `baseText` does not parse (a caller bug:
 * check with parseSidecar first).
 */
export function renderSidecar(sidecar: Sidecar, baseText?: string): string {
	const cached = baseText !== undefined ? takeCachedDocument(baseText) : undefined;
	const doc = cached?.doc ?? (baseText !== undefined && baseText.trim() !== '' ? parseTrustedYaml(baseText) : new Document({}));
	const composable = cached?.composable ?? !hasAliases(doc);
	const patched = new Set<YAMLMap>();
	if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as YAMLMap;
	const top = doc.contents as YAMLMap;
	setField(doc, top, 'version', sidecar.version, TOP_KEYS);
	setField(doc, top, 'document', sidecar.document, TOP_KEYS);
	if (sidecar.metadata && Object.keys(sidecar.metadata).length > 0) {
		const meta = ensureMap(doc, top, 'metadata', TOP_KEYS);
		for (const key of METADATA_KEYS) setField(doc, meta, key, sidecar.metadata[key as keyof DocumentMetadata], METADATA_KEYS);
	} else top.delete('metadata');

	const existing: unknown = top.get('annotations', true);
	const byId = new Map<string, YAMLMap>();
	if (isSeq(existing)) {
		for (const item of existing.items) {
			if (isMap(item)) {
				const id = item.get('id');
				if (typeof id === 'string') byId.set(id, item);
			}
		}
	}
	const seq = isSeq(existing) ? existing : new YAMLSeq();
	seq.flow = false;
	const written = new Map<string, string>();
	seq.items = sortAnnotations(sidecar.annotations).map((annotation) => {
		const json = JSON.stringify(annotation);
		written.set(annotation.id, json);
		const node = byId.get(annotation.id);
		// Patching is the costly part of a save; an annotation unchanged since the base text needs none.
		if (node && cached?.written.get(annotation.id) === json) return node;
		const map = patchAnnotation(doc, node ?? new YAMLMap(), annotation);
		patched.add(map);
		return map;
	});
	if (existing === undefined) insertInOrder(top, doc.createPair('annotations', seq), TOP_KEYS);
	else if (seq !== existing) top.set('annotations', seq);
	const rendered = renderDocument(doc, seq, composable, patched);
	// Keep Windows line endings if the file has them, or every line would show as changed.
	const text = baseText?.includes('\r\n') ? rendered.replace(/\n/g, '\r\n') : rendered;
	cacheDocument(text, { doc, written, composable });
	return text;
}

/**
 * Parsed documents of recently rendered texts. Saving usually patches the text written by the previous save,
 * and parsing YAML costs far more than patching it, so the document is kept rather than parsed again.
 * An entry is taken out when used (the document is then mutated), so a text maps only to its own document.
 */
const recentDocuments = new Map<string, CachedDocument>();
const RECENT_DOCUMENTS = 8;

/** A parsed or rendered sidecar document, with the JSON of each annotation as its YAML holds it. */
interface CachedDocument {
	doc: Document;
	written: Map<string, string>;
	/** No anchors or aliases, so annotations can be rendered one by one (see renderDocument). */
	composable: boolean;
}

function takeCachedDocument(text: string): CachedDocument | undefined {
	const doc = recentDocuments.get(text);
	recentDocuments.delete(text);
	return doc;
}

function cacheDocument(text: string, doc: CachedDocument): void {
	recentDocuments.set(text, doc);
	if (recentDocuments.size > RECENT_DOCUMENTS) recentDocuments.delete(recentDocuments.keys().next().value as string);
}

function patchAnnotation(doc: Document, map: YAMLMap, a: Annotation): YAMLMap {
	setField(doc, map, 'id', a.id, ANNOTATION_KEYS);
	setField(doc, map, 'kind', a.kind, ANNOTATION_KEYS);
	setField(doc, map, 'label', a.label, ANNOTATION_KEYS);
	const target = ensureMap(doc, map, 'target', ANNOTATION_KEYS);
	const quote = ensureMap(doc, target, 'quote', TARGET_KEYS);
	for (const key of QUOTE_KEYS) {
		setField(doc, quote, key, a.target.quote[key as keyof Annotation['target']['quote']], QUOTE_KEYS);
		// Quotes are raw text: one double-quoted line with escapes reads and diffs better than a block scalar.
		const node = quote.get(key, true);
		if (isScalar(node) && typeof node.value === 'string' && /[\n\r\t]/.test(node.value)) node.type = 'QUOTE_DOUBLE';
	}
	const position = ensureMap(doc, target, 'position', TARGET_KEYS);
	if (position.items.length === 0) position.flow = true;
	setField(doc, position, 'start', a.target.position.start, POSITION_KEYS);
	setField(doc, position, 'end', a.target.position.end, POSITION_KEYS);
	setField(doc, map, 'note', a.note, ANNOTATION_KEYS);
	setField(doc, map, 'verdict', a.verdict, ANNOTATION_KEYS);
	setField(doc, map, 'tags', a.tags, ANNOTATION_KEYS);
	setField(doc, map, 'author', a.author, ANNOTATION_KEYS);
	setField(doc, map, 'created', a.created, ANNOTATION_KEYS);
	setField(doc, map, 'modified', a.modified, ANNOTATION_KEYS);
	return map;
}

/** The mapping under `key`, created (in canonical key order) if absent or not a mapping. */
function ensureMap(doc: Document, parent: YAMLMap, key: string, order: readonly string[]): YAMLMap {
	const node = parent.get(key, true);
	if (isMap(node)) return node;
	const map = new YAMLMap();
	if (node !== undefined) parent.set(key, map);
	else insertInOrder(parent, doc.createPair(key, map), order);
	return map;
}

/** Sets a scalar or string-list field, touching the YAML only when the value changed; undefined deletes it. */
function setField(doc: Document, map: YAMLMap, key: string, value: string | number | string[] | undefined, order: readonly string[]): void {
	if (value === undefined) {
		map.delete(key);
		return;
	}
	const node: unknown = map.get(key, true);
	if (Array.isArray(value)) {
		if (isSeq(node) && JSON.stringify(node.toJSON()) === JSON.stringify(value)) return;
		const seq = doc.createNode(value) as YAMLSeq;
		seq.flow = true;
		if (node !== undefined) map.set(key, seq);
		else insertInOrder(map, doc.createPair(key, seq), order);
		return;
	}
	if (isScalar(node)) {
		if (node.value === value) return;
		node.value = value;
		// The old style (plain, block literal) may not suit the new value; let the writer choose.
		node.type = undefined;
		return;
	}
	if (node !== undefined) map.set(key, value);
	else insertInOrder(map, doc.createPair(key, value), order);
}

/** Inserts a pair before the first existing key that comes after it in `order` (unknown keys stay where they are). */
function insertInOrder(map: YAMLMap, pair: Pair, order: readonly string[]): void {
	const rank = order.indexOf(String((pair.key as { value?: unknown })?.value ?? pair.key));
	const index = map.items.findIndex((item) => {
		const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
		const other = order.indexOf(key);
		return other > rank;
	});
	if (index === -1) map.items.push(pair);
	else map.items.splice(index, 0, pair);
}

function hasAliases(doc: Document): boolean {
	let found = false;
	visit(doc, {
		Node(_key, node) {
			if (node.anchor) found = true;
			return found ? visit.BREAK : undefined;
		},
		Alias() {
			found = true;
			return visit.BREAK;
		},
	});
	return found;
}

/** The rendered YAML of annotation nodes not changed since they were last rendered. */
const itemTexts = new WeakMap<YAMLMap, string>();
const PLACEHOLDER = 'corroborate-annotations-placeholder-2f8c1e';
/** A block scalar that keeps trailing newlines changes how yaml starts the next item: compose nothing then. */
const KEEP_CHOMP = /[|>]\d?\+(?: #.*)?$/m;
let verifyRenders = false;

/** Test hook: check every composed render against yaml's own full render (slow; throws on a difference). */
export function setRenderVerification(on: boolean): void {
	verifyRenders = on;
}

/**
 * Renders the document. Stringifying YAML costs more than anything else in a save, so when it is safe the text
 * is composed from the rest of the document and each annotation's own text, re-rendering only the annotations
 * that changed. Anything unusual (aliases, comments on the list itself, kept trailing newlines) takes yaml's
 * full render; the composed text is byte-identical to it (checked in the tests with setRenderVerification).
 */
function renderDocument(doc: Document, seq: YAMLSeq, composable: boolean, patched: Set<YAMLMap>): string {
	const full = (): string => doc.toString(STRINGIFY_OPTIONS);
	const top = doc.contents as YAMLMap;
	const pair = top.items.find((p) => isScalar(p.key) && p.key.value === 'annotations');
	if (!composable || seq.items.length === 0 || seq.flow || seq.commentBefore || seq.comment || !pair || pair.value !== seq) return full();
	// yaml renders a blank line before the first item differently (indented); rare enough to leave to it.
	if ((seq.items[0] as Node).spaceBefore) return full();
	if (isScalar(pair.key) && (pair.key.comment || pair.key.commentBefore || pair.key.spaceBefore)) return full();
	pair.value = new Scalar(PLACEHOLDER);
	let header: string;
	try {
		header = full();
	} finally {
		pair.value = seq;
	}
	const marker = `annotations: ${PLACEHOLDER}\n`;
	const at = header.indexOf(marker);
	if (at === -1 || (at > 0 && header[at - 1] !== '\n') || header.indexOf(PLACEHOLDER, at + marker.length) !== -1) return full();
	let body = '';
	for (const item of seq.items) {
		if (!isMap(item)) return full();
		let text = patched.has(item) ? undefined : itemTexts.get(item);
		if (text === undefined) {
			text = renderItem(item);
			itemTexts.set(item, text);
		}
		if (KEEP_CHOMP.test(text)) return full();
		body += text;
	}
	const composed = header.slice(0, at) + 'annotations:\n' + body + header.slice(at + marker.length);
	if (verifyRenders) {
		const expected = full();
		if (composed !== expected) throw new Error(`internal: composed sidecar render differs from yaml's:\n${composed}\n---\n${expected}`);
	}
	return composed;
}

/** One annotation as it appears in the list, with its trailing newline. */
function renderItem(item: YAMLMap): string {
	const one = new Document(null);
	const list = new YAMLSeq();
	list.items = [item];
	const root = new YAMLMap();
	root.items = [new Pair(new Scalar('annotations'), list)];
	one.contents = root;
	// As the first item, a blank line before it comes out indented; elsewhere it is empty.
	return one.toString(STRINGIFY_OPTIONS).slice('annotations:\n'.length).replace(/^[ ]+\n/, '\n');
}

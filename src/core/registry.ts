/**
 * The workspace entity registry (`corroborate.entities.yaml`): analysts' corrections to the engine's entities.
 * An entry names a canonical entity with its aliases and, optionally, a type; `suppress` lists texts that are
 * not entities. applyRegistry post-processes the engine's mentions; the add/suppress/merge functions edit the
 * YAML text for the "Mark as Entity…", "Not an Entity" and "Merge with…" commands, keeping comments.
 */
import { Document, YAMLMap, YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import type { FileProblem } from './annotations/model';
import { STRINGIFY_OPTIONS, ensureSeq, parseYamlSafely, problemAt } from './annotations/safe-yaml';
import type { EntityMention, EntityType } from './types';

/** The registry's file name at the workspace root. */
export const REGISTRY_FILE = 'corroborate.entities.yaml';

/** The registry schema version this code reads and writes. */
export const REGISTRY_VERSION = 1;

const ENTITY_TYPES: readonly EntityType[] = ['PERSON', 'ORG', 'PLACE', 'NORP'];

/** One real-world entity: every alias (and the canonical name) is a mention of it. */
export interface RegistryEntity {
	canonical: string;
	/** Overrides the engine's type; required for the registry to add mentions the engine missed. */
	type?: EntityType;
	aliases: string[];
}

/** A text that is not an entity (optionally only when the engine gives it this type). */
export interface Suppression {
	text: string;
	type?: EntityType;
}

/** The parsed registry. */
export interface Registry {
	entities: RegistryEntity[];
	suppress: Suppression[];
}

/** A registry with no corrections (also what a missing file means). */
export const EMPTY_REGISTRY: Registry = { entities: [], suppress: [] };

/** A parsed registry, or the problems that make it unusable (it must then not be overwritten). */
export type RegistryParse = { ok: true; registry: Registry } | { ok: false; problems: FileProblem[] };

/** Parses and validates registry text; an empty text is an empty registry. */
export function parseRegistry(text: string, file: string = REGISTRY_FILE): RegistryParse {
	if (text.trim() === '') return { ok: true, registry: { entities: [], suppress: [] } };
	const parsed = parseYamlSafely(text, file);
	if (!parsed.ok) return parsed;
	const problems: FileProblem[] = [];
	const report = (path: (string | number)[], message: string): void => {
		let node: unknown;
		for (let depth = path.length; depth >= 0 && !(node && typeof node === 'object' && 'range' in node); depth--) node = depth === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, depth), true);
		problems.push(problemAt(file, parsed.lines, (node as { range?: number[] } | undefined)?.range, message));
	};
	const data = parsed.data as Record<string, unknown> | null;
	const registry: Registry = { entities: [], suppress: [] };
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		report([], 'the registry must be a mapping with version, entities and suppress');
		return { ok: false, problems };
	}
	if (data.version !== undefined && data.version !== REGISTRY_VERSION) report(['version'], `version must be ${REGISTRY_VERSION}`);
	const entities = data.entities ?? [];
	if (!Array.isArray(entities)) report(['entities'], 'entities must be a list');
	else {
		entities.forEach((entry: unknown, i) => {
			const at = ['entities', i];
			if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return report(at, 'an entity must be a mapping with canonical, type and aliases');
			const e = entry as Record<string, unknown>;
			if (typeof e.canonical !== 'string' || e.canonical.trim() === '') return report([...at, 'canonical'], 'canonical must be a non-empty string');
			if (e.type !== undefined && e.type !== null && !ENTITY_TYPES.includes(e.type as EntityType)) return report([...at, 'type'], `type must be one of ${ENTITY_TYPES.join(', ')}`);
			const aliases = e.aliases ?? [];
			if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string' && a.trim() !== '')) return report([...at, 'aliases'], 'aliases must be a list of non-empty strings');
			registry.entities.push({ canonical: e.canonical, ...(e.type ? { type: e.type as EntityType } : {}), aliases: aliases as string[] });
		});
	}
	const suppress = data.suppress ?? [];
	if (!Array.isArray(suppress)) report(['suppress'], 'suppress must be a list');
	else {
		suppress.forEach((entry: unknown, i) => {
			if (typeof entry === 'string' && entry.trim() !== '') return void registry.suppress.push({ text: entry });
			const s = entry as Record<string, unknown> | null;
			if (typeof s !== 'object' || s === null || typeof s.text !== 'string' || s.text.trim() === '') return report(['suppress', i], 'a suppression must be a text or a mapping with text (and optional type)');
			if (s.type !== undefined && s.type !== null && !ENTITY_TYPES.includes(s.type as EntityType)) return report(['suppress', i, 'type'], `type must be one of ${ENTITY_TYPES.join(', ')}`);
			registry.suppress.push({ text: s.text, ...(s.type ? { type: s.type as EntityType } : {}) });
		});
	}
	const seen = new Map<string, number>();
	registry.entities.forEach((e, i) => {
		for (const name of [e.canonical, ...e.aliases]) {
			const key = normalise(name);
			const other = seen.get(key);
			if (other !== undefined && other !== i) report(['entities', i], `"${name}" belongs to two entities (${registry.entities[other].canonical} and ${e.canonical})`);
			seen.set(key, i);
		}
	});
	return problems.length > 0 ? { ok: false, problems } : { ok: true, registry };
}

/** Names are compared with collapsed whitespace; case matters (entities are proper nouns). */
function normalise(name: string): string {
	return name.trim().replace(/\s+/g, ' ');
}

/**
 * Applies the registry to the engine's mentions of one text: suppressed mentions are dropped, mentions of a
 * registry entity (by canonical name or alias, matched on the mention's text or canonical) take its canonical
 * name and type, and for entities with a type every whole-word occurrence the engine missed is added.
 * Returns mentions sorted by position; the input is not changed.
 */
export function applyRegistry(entities: readonly EntityMention[], text: string, registry: Registry): EntityMention[] {
	if (registry.entities.length === 0 && registry.suppress.length === 0) return [...entities];
	const byName = new Map<string, RegistryEntity>();
	for (const entity of registry.entities) for (const name of [entity.canonical, ...entity.aliases]) byName.set(normalise(name), entity);
	const suppressed = (mentionText: string, type: EntityType | undefined): boolean =>
		registry.suppress.some((s) => normalise(s.text) === normalise(mentionText) && (s.type === undefined || s.type === type));

	const kept: EntityMention[] = [];
	for (const mention of entities) {
		const entry = byName.get(normalise(mention.text)) ?? byName.get(normalise(mention.canonical));
		// An explicit entity entry outranks a suppression of the same text.
		if (!entry && suppressed(mention.text, mention.type)) continue;
		kept.push(entry ? { ...mention, canonical: entry.canonical, type: entry.type ?? mention.type } : { ...mention });
	}

	const added: EntityMention[] = [];
	const covered = (start: number, end: number): boolean => [...kept, ...added].some((m) => m.start < end && start < m.end);
	// Longest names first, so "Barack Obama" wins over "Obama" at the same place.
	const names = registry.entities.filter((e) => e.type).flatMap((e) => [e.canonical, ...e.aliases].map((name) => ({ name: normalise(name), entity: e })));
	names.sort((a, b) => b.name.length - a.name.length);
	for (const { name, entity } of names) {
		for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
			const end = at + name.length;
			if (!isWordBoundary(text, at) || !isWordBoundary(text, end) || covered(at, end)) continue;
			added.push({ start: at, end, text: name, type: entity.type as EntityType, canonical: entity.canonical });
		}
	}
	return [...kept, ...added].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** True when offset is not inside a word (letters, marks, digits on both sides). */
function isWordBoundary(text: string, offset: number): boolean {
	const word = /[\p{L}\p{M}\p{N}]/u;
	const before = offset > 0 ? text[offset - 1] : '';
	const after = offset < text.length ? text[offset] : '';
	return !(before && after && word.test(before) && word.test(after));
}

/** The result of a registry edit: the new text to write, or the problems of a registry that must not be overwritten. */
export type RegistryEdit = { ok: true; text: string } | { ok: false; problems: FileProblem[] };

/** "Mark as Entity…": registers `name` as an entity of `type` (as an alias of `canonical` if given and different). */
export function markAsEntity(registryText: string | undefined, name: string, type: EntityType, canonical: string = name): RegistryEdit {
	return editRegistry(registryText, (doc) => {
		removeSuppression(doc, name);
		const entry = findOrCreateEntry(doc, canonical);
		entry.set('type', type);
		if (normalise(name) !== normalise(canonical)) addAlias(doc, entry, name);
	});
}

/** "Not an Entity": suppresses `name` (only for `type`, if given) and removes it from any entity entry. */
export function suppressEntity(registryText: string | undefined, name: string, type?: EntityType): RegistryEdit {
	return editRegistry(registryText, (doc) => {
		removeName(doc, name);
		const list = ensureSeq(doc, 'suppress');
		if (list.items.some((item) => normalise(String(isMap(item) ? item.get('text') : isScalar(item) ? item.value : '')) === normalise(name))) return;
		list.add(type ? doc.createNode({ text: name, type }) : doc.createNode(name));
	});
}

/** "Merge with…": makes `alias` (and its own aliases, if it was an entry) a name of `canonical`. */
export function mergeEntities(registryText: string | undefined, alias: string, canonical: string, type?: EntityType): RegistryEdit {
	return editRegistry(registryText, (doc) => {
		if (normalise(alias) === normalise(canonical)) return;
		removeSuppression(doc, alias);
		const entities = ensureSeq(doc, 'entities');
		const aliasEntry = entities.items.find((item) => isMap(item) && normalise(String(item.get('canonical'))) === normalise(alias)) as YAMLMap | undefined;
		const inherited = aliasEntry ? [...stringList(aliasEntry.get('aliases'))] : [];
		const inheritedType = aliasEntry?.get('type');
		if (aliasEntry) entities.items.splice(entities.items.indexOf(aliasEntry), 1);
		removeName(doc, alias);
		for (const name of inherited) removeName(doc, name);
		const entry = findOrCreateEntry(doc, canonical);
		if (type) entry.set('type', type);
		else if (!entry.has('type') && typeof inheritedType === 'string') entry.set('type', inheritedType);
		for (const name of [alias, ...inherited]) if (normalise(name) !== normalise(canonical)) addAlias(doc, entry, name);
	});
}

function editRegistry(registryText: string | undefined, change: (doc: Document) => void): RegistryEdit {
	let doc: Document;
	if (registryText === undefined || registryText.trim() === '') {
		doc = new Document({ version: REGISTRY_VERSION, entities: [], suppress: [] });
	} else {
		const parsed = parseRegistry(registryText);
		if (!parsed.ok) return parsed;
		const safe = parseYamlSafely(registryText, REGISTRY_FILE);
		if (!safe.ok) return safe;
		doc = safe.doc;
	}
	change(doc);
	return { ok: true, text: doc.toString(STRINGIFY_OPTIONS) };
}

function stringList(node: unknown): string[] {
	return isSeq(node) ? node.items.map((item) => String(isScalar(item) ? item.value : item)) : [];
}

function findOrCreateEntry(doc: Document, canonical: string): YAMLMap {
	const entities = ensureSeq(doc, 'entities');
	// The canonical name may so far be someone's alias: then that entry is the one.
	const existing = entities.items.find((item) => isMap(item) && (normalise(String(item.get('canonical'))) === normalise(canonical) || stringList(item.get('aliases')).some((a) => normalise(a) === normalise(canonical))));
	if (existing) return existing as YAMLMap;
	const entry = doc.createNode({ canonical }) as YAMLMap;
	entities.add(entry);
	return entry;
}

function addAlias(doc: Document, entry: YAMLMap, name: string): void {
	if (normalise(String(entry.get('canonical'))) === normalise(name)) return;
	const aliases = entry.get('aliases', true);
	if (isSeq(aliases)) {
		if (!stringList(aliases).some((a) => normalise(a) === normalise(name))) aliases.add(doc.createNode(name));
		return;
	}
	const seq = doc.createNode([name]) as YAMLSeq;
	seq.flow = true;
	entry.set('aliases', seq);
}

/** Removes `name` as an alias from every entry (a name belongs to one entity). */
function removeName(doc: Document, name: string): void {
	const entities = doc.get('entities', true);
	if (!isSeq(entities)) return;
	for (const item of entities.items) {
		const aliases = isMap(item) ? item.get('aliases', true) : undefined;
		if (isSeq(aliases)) aliases.items = aliases.items.filter((a) => normalise(String(isScalar(a) ? a.value : a)) !== normalise(name));
	}
	entities.items = entities.items.filter((item) => !(isMap(item) && normalise(String(item.get('canonical'))) === normalise(name) && stringList(item.get('aliases')).length === 0));
}

function removeSuppression(doc: Document, name: string): void {
	const list = doc.get('suppress', true);
	if (!isSeq(list)) return;
	list.items = list.items.filter((item) => normalise(String(isMap(item) ? item.get('text') : isScalar(item) ? item.value : '')) !== normalise(name));
}

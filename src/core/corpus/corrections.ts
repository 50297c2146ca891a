/**
 * Analysts' corrections of the grouping, stored as YAML (by default `corroborate.groups.yaml` at the workspace
 * root). Members are named by document and claim text, like the gold corpus file, so corrections survive
 * engine changes that would alter automatic group ids:
 *
 *     groups:                      # each entry is one group: a merge, or a split when it takes part of a group
 *       - quantity: people killed in the syrian war
 *         members:
 *           - {document: 001.txt, text: "killed 240,000 people"}
 *           - {document: 004.txt, text: "more than 470,000 dead"}
 *     separate:                    # claims that belong to no group
 *       - {document: 001.txt, text: "killed 18 people", occurrence: 1}
 *
 * The file is the analysts' own: edits go through yaml's Document API so comments, key order and keys this
 * code does not know survive, and a file with any problem is reported (with line and column) and never rewritten.
 */
import { Document, LineCounter, YAMLMap, isAlias, isMap, isSeq, stringify } from 'yaml';
import type { FileProblem } from '../annotations/model';
import { STRINGIFY_OPTIONS, decodeYaml, ensureSeq, parseYamlSafely, problemAt } from '../annotations/safe-yaml';
import type { GroupCorrections, MemberSelector } from '../quantities';

/** Default file name, at the workspace root. */
export const CORRECTIONS_FILE = 'corroborate.groups.yaml';

/** A problem in a corrections file, with its 1-based line and column. */
export type CorrectionsProblem = FileProblem;

/** Parsed corrections: the usable entries, and problems (a file with problems must not be rewritten). */
export interface CorrectionsParse {
	corrections: GroupCorrections;
	problems: CorrectionsProblem[];
}

/** The result of an edit: the new text to write, or the problems of a file that must not be overwritten. */
export type CorrectionsEdit = { ok: true; text: string } | { ok: false; problems: CorrectionsProblem[] };

/** No corrections. */
export function emptyCorrections(): GroupCorrections {
	return { groups: [], separate: [] };
}

/** A checked parse: the data, the document (for edits) and the problems. */
interface Checked extends CorrectionsParse {
	doc?: Document;
	lines?: LineCounter;
}

function check(text: string, file: string): Checked {
	const corrections = emptyCorrections();
	if (text.trim() === '') return { corrections, problems: [] };
	const parsed = parseYamlSafely(text, file);
	if (!parsed.ok) return { corrections, problems: parsed.problems };
	const problems: CorrectionsProblem[] = [];
	// Positions come from the node at the path, or its nearest ancestor that has one (e.g. behind an alias).
	const report = (path: (string | number)[], message: string): void => {
		let node: unknown;
		for (let depth = path.length; depth >= 0 && !(node && typeof node === 'object' && 'range' in node); depth--) node = depth === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, depth), true);
		problems.push(problemAt(file, parsed.lines, (node as { range?: number[] } | undefined)?.range, message));
	};
	const data = parsed.data;
	if (data === null || data === undefined) return { corrections, problems, doc: parsed.doc, lines: parsed.lines };
	if (typeof data !== 'object' || Array.isArray(data)) {
		report([], 'the corrections file must be a mapping with groups and separate');
		return { corrections, problems };
	}
	const root = data as Record<string, unknown>;
	const groups = root.groups ?? [];
	if (!Array.isArray(groups)) report(['groups'], 'groups must be a list of groups (each with quantity and members)');
	else {
		groups.forEach((g: unknown, i) => {
			const at = ['groups', i];
			if (typeof g !== 'object' || g === null || Array.isArray(g)) return report(at, `groups[${i}]: a group must be a mapping with quantity and members`);
			const entry = g as Record<string, unknown>;
			if (entry.quantity !== undefined && entry.quantity !== null && typeof entry.quantity !== 'string') report([...at, 'quantity'], `groups[${i}].quantity must be a text`);
			if (!Array.isArray(entry.members)) return report(entry.members === undefined ? at : [...at, 'members'], `groups[${i}]: members must be a list of {document, text}`);
			const members = entry.members
				.map((m: unknown, j: number) => selector(m, `groups[${i}].members[${j}]`, [...at, 'members', j], report))
				.filter((m): m is MemberSelector => m !== null);
			if (entry.members.length === 0) report([...at, 'members'], `groups[${i}]: has no members`);
			else if (members.length > 0) corrections.groups.push({ ...(typeof entry.quantity === 'string' ? { quantity: entry.quantity } : {}), members });
		});
	}
	const separate = root.separate ?? [];
	if (!Array.isArray(separate)) report(['separate'], 'separate must be a list of {document, text}');
	else {
		separate.forEach((s: unknown, i) => {
			const sel = selector(s, `separate[${i}]`, ['separate', i], report);
			if (sel) corrections.separate.push(sel);
		});
	}
	return { corrections, problems, doc: parsed.doc, lines: parsed.lines };
}

function selector(value: unknown, where: string, path: (string | number)[], report: (path: (string | number)[], message: string) => void): MemberSelector | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		report(path, `${where}: expected {document, text}`);
		return null;
	}
	const v = value as Record<string, unknown>;
	if (typeof v.document !== 'string' || v.document.trim() === '' || typeof v.text !== 'string' || v.text.trim() === '') {
		report(path, `${where}: needs a document and a text`);
		return null;
	}
	if (v.occurrence !== undefined && v.occurrence !== null && !(Number.isInteger(v.occurrence) && (v.occurrence as number) >= 1)) {
		report([...path, 'occurrence'], `${where}.occurrence must be a whole number from 1`);
		return null;
	}
	const occurrence = typeof v.occurrence === 'number' && v.occurrence > 1 ? v.occurrence : undefined;
	return { document: v.document, text: v.text, ...(occurrence ? { occurrence } : {}) };
}

/**
 * Parses a corrections file. Malformed entries are skipped and reported with line and column (the rest still
 * applies); a file that is not YAML, or whose root, `groups` or `separate` has the wrong shape, yields no
 * corrections from that part.
 */
export function parseCorrections(text: string, file: string = CORRECTIONS_FILE): CorrectionsParse {
	const { corrections, problems } = check(text, file);
	return { corrections, problems };
}

/** Decodes (UTF-8, BOM removed, size-limited) and parses a corrections file's bytes. */
export function parseCorrectionsBytes(bytes: Uint8Array, file: string = CORRECTIONS_FILE): CorrectionsParse & { text?: string } {
	const decoded = decodeYaml(bytes, file);
	if (!decoded.ok) return { corrections: emptyCorrections(), problems: decoded.problems };
	return { ...parseCorrections(decoded.text, file), text: decoded.text };
}

/** Writes corrections as a new file, with a header saying what the file is. */
export function stringifyCorrections(corrections: GroupCorrections): string {
	const header = '# Corroborate: analysts\' corrections to how claims are grouped into quantities.\n' +
		'# groups: claims that measure one quantity (a merge, or a split of part of a group); separate: claims in no group.\n';
	return header + stringify({ groups: corrections.groups, separate: corrections.separate }, STRINGIFY_OPTIONS);
}

/** Adds a merge: the given claims (and nothing else) form one group. `text` is the file's text (undefined: no file). */
export function withMerge(text: string | undefined, members: MemberSelector[], quantity?: string): CorrectionsEdit {
	return editCorrections(text, (doc) => {
		removeMembers(doc, members);
		const group = doc.createNode({ ...(quantity ? { quantity } : {}), members: members.map(plainSelector) }) as YAMLMap;
		// One member per line, each written `{document: …, text: …}` like the hand-written examples.
		const seq = group.get('members', true);
		if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) item.flow = true;
		ensureSeq(doc, 'groups').add(group);
	});
}

/** Adds a split: the claim leaves its group and stands alone. `text` is the file's text (undefined: no file). */
export function withSeparated(text: string | undefined, member: MemberSelector): CorrectionsEdit {
	return editCorrections(text, (doc, data) => {
		const already = data.separate.some((m) => sameMember(m, member));
		removeMembers(doc, [member], !already);
		if (!already) ensureSeq(doc, 'separate').add(doc.createNode(plainSelector(member), { flow: true }));
	});
}

function editCorrections(text: string | undefined, change: (doc: Document, data: GroupCorrections) => void): CorrectionsEdit {
	const base = text === undefined || text.trim() === '' ? stringifyCorrections(emptyCorrections()) : text;
	const checked = check(base, CORRECTIONS_FILE);
	if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
	const { doc, lines } = checked;
	if (!doc || !lines) return { ok: false, problems: [{ file: CORRECTIONS_FILE, line: 1, column: 1, message: 'internal: the corrections file could not be read for editing' }] };
	// A file holding only comments has no root mapping yet.
	if (doc.contents === null) doc.contents = new YAMLMap();
	for (const key of ['groups', 'separate']) {
		const node = doc.get(key, true);
		// Validation passed, so a list that is not a sequence node is an alias: editing it would edit its anchor too.
		if (isAlias(node)) {
			return { ok: false, problems: [problemAt(CORRECTIONS_FILE, lines, node.range, `${key} is written with a YAML alias; write the list out to edit it from Corroborate`)] };
		}
	}
	change(doc, checked.corrections);
	return { ok: true, text: doc.toString(STRINGIFY_OPTIONS) };
}

function plainSelector(m: MemberSelector): MemberSelector {
	return { document: m.document, text: m.text, ...(m.occurrence && m.occurrence > 1 ? { occurrence: m.occurrence } : {}) };
}

function sameMember(a: MemberSelector, b: MemberSelector): boolean {
	return a.document === b.document && a.text === b.text && (a.occurrence ?? 1) === (b.occurrence ?? 1);
}

function selectorOfNode(item: unknown): MemberSelector | null {
	if (!isMap(item)) return null;
	const document = item.get('document');
	const text = item.get('text');
	const occurrence = item.get('occurrence');
	if (typeof document !== 'string' || typeof text !== 'string') return null;
	return { document, text, ...(typeof occurrence === 'number' ? { occurrence } : {}) };
}

/** Takes the members out of every group (dropping groups left empty) and, if asked, out of `separate`. */
function removeMembers(doc: Document, members: MemberSelector[], fromSeparate = true): void {
	const taken = (item: unknown) => {
		const sel = selectorOfNode(item);
		return sel !== null && members.some((m) => sameMember(m, sel));
	};
	const groups = doc.get('groups', true);
	if (isSeq(groups)) {
		groups.items = groups.items.filter((group) => {
			const list = isMap(group) ? group.get('members', true) : undefined;
			if (!isSeq(list)) return true;
			const before = list.items.length;
			list.items = list.items.filter((item) => !taken(item));
			return !(before > 0 && list.items.length === 0);
		});
	}
	const separate = doc.get('separate', true);
	if (fromSeparate && isSeq(separate)) separate.items = separate.items.filter((item) => !taken(item));
}


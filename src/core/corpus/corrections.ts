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
 */
import { parseDocument, stringify } from 'yaml';
import type { GroupCorrections, MemberSelector } from '../quantities';

/** Default file name, at the workspace root. */
export const CORRECTIONS_FILE = 'corroborate.groups.yaml';

/** A problem in a corrections file, with its position. */
export interface CorrectionsProblem {
	message: string;
	/** 1-based line, when known. */
	line?: number;
}

/** No corrections. */
export function emptyCorrections(): GroupCorrections {
	return { groups: [], separate: [] };
}

function selector(value: unknown, where: string, problems: CorrectionsProblem[]): MemberSelector | null {
	if (!value || typeof value !== 'object') {
		problems.push({ message: `${where}: expected {document, text}` });
		return null;
	}
	const v = value as Record<string, unknown>;
	if (typeof v.document !== 'string' || typeof v.text !== 'string') {
		problems.push({ message: `${where}: needs a document and a text` });
		return null;
	}
	const occurrence = typeof v.occurrence === 'number' && v.occurrence >= 1 ? Math.floor(v.occurrence) : undefined;
	return { document: v.document, text: v.text, ...(occurrence ? { occurrence } : {}) };
}

/** Parses a corrections file. Malformed entries are skipped and reported; a broken file yields no corrections. */
export function parseCorrections(text: string): { corrections: GroupCorrections; problems: CorrectionsProblem[] } {
	const problems: CorrectionsProblem[] = [];
	const corrections = emptyCorrections();
	const doc = parseDocument(text, { prettyErrors: true });
	if (doc.errors.length > 0) {
		for (const e of doc.errors) problems.push({ message: e.message.split('\n')[0], line: e.linePos?.[0].line });
		return { corrections, problems };
	}
	const data = doc.toJS() as Record<string, unknown> | null;
	if (data === null || data === undefined) return { corrections, problems };
	if (typeof data !== 'object') return { corrections, problems: [{ message: 'expected a mapping with groups and separate' }] };
	const groups = Array.isArray(data.groups) ? data.groups : [];
	groups.forEach((g: unknown, i: number) => {
		const entry = (g ?? {}) as Record<string, unknown>;
		const members = (Array.isArray(entry.members) ? entry.members : [])
			.map((m: unknown, j: number) => selector(m, `groups[${i}].members[${j}]`, problems))
			.filter((m): m is MemberSelector => m !== null);
		if (members.length === 0) problems.push({ message: `groups[${i}]: has no members` });
		else corrections.groups.push({ ...(typeof entry.quantity === 'string' ? { quantity: entry.quantity } : {}), members });
	});
	const separate = Array.isArray(data.separate) ? data.separate : [];
	separate.forEach((s: unknown, i: number) => {
		const sel = selector(s, `separate[${i}]`, problems);
		if (sel) corrections.separate.push(sel);
	});
	return { corrections, problems };
}

/** Writes corrections as YAML, with a header saying what the file is. */
export function stringifyCorrections(corrections: GroupCorrections): string {
	const header = '# Corroborate: analysts\' corrections to how claims are grouped into quantities.\n' +
		'# groups: claims that measure one quantity (a merge, or a split of part of a group); separate: claims in no group.\n';
	return header + stringify({ groups: corrections.groups, separate: corrections.separate }, { flowCollectionPadding: false });
}

/** Adds a merge: the given claims (and nothing else) form one group. */
export function withMerge(corrections: GroupCorrections, members: MemberSelector[], quantity?: string): GroupCorrections {
	const taken = (m: MemberSelector) => members.some((n) => n.document === m.document && n.text === m.text && (n.occurrence ?? 1) === (m.occurrence ?? 1));
	const groups = corrections.groups.map((g) => ({ ...g, members: g.members.filter((m) => !taken(m)) })).filter((g) => g.members.length > 0);
	return { groups: [...groups, { ...(quantity ? { quantity } : {}), members }], separate: corrections.separate.filter((m) => !taken(m)) };
}

/** Adds a split: the claim leaves its group and stands alone. */
export function withSeparated(corrections: GroupCorrections, member: MemberSelector): GroupCorrections {
	const same = (m: MemberSelector) => m.document === member.document && m.text === member.text && (m.occurrence ?? 1) === (member.occurrence ?? 1);
	const groups = corrections.groups.map((g) => ({ ...g, members: g.members.filter((m) => !same(m)) })).filter((g) => g.members.length > 0);
	return { groups, separate: [...corrections.separate.filter((m) => !same(m)), member] };
}

/** Safe YAML parsing shared by the sidecar and the entity registry: core schema, no custom tags, few aliases, positioned problems. */
import { Document, LineCounter, YAMLSeq, isNode, isSeq, parseDocument, visit } from 'yaml';
import { decodeDocument } from '../text';
import type { FileProblem } from './model';

/** YAML files larger than this are refused: a sidecar or registry that big is a mistake or an attack. */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;

/** Alias expansions allowed when converting to data ("billion laughs" protection). */
export const MAX_ALIAS_COUNT = 50;

/** Tags a plain data file may carry explicitly; anything else (`!!js/function`, `!custom`) is refused. */
const ALLOWED_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/** Options for every parse, so that reading and re-reading before a write agree. */
const PARSE_OPTIONS = { schema: 'core', strict: true, uniqueKeys: true, prettyErrors: true, keepSourceTokens: false } as const;

/** Options for every write: no line folding, so that a changed word changes one line in a diff. */
export const STRINGIFY_OPTIONS = { lineWidth: 0, minContentWidth: 0, indent: 2, flowCollectionPadding: false } as const;

/** A parsed YAML document with its data, or the problems that make it unusable. */
export type SafeYaml = { ok: true; doc: Document; data: unknown; lines: LineCounter } | { ok: false; problems: FileProblem[] };

/** Maps a source offset range to a positioned problem. */
export function problemAt(file: string, lines: LineCounter, range: readonly number[] | null | undefined, message: string): FileProblem {
	const start = lines.linePos(range?.[0] ?? 0);
	const end = lines.linePos(range?.[1] ?? range?.[0] ?? 0);
	return { file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col, message };
}

/** Decodes bytes as UTF-8 YAML text (BOM removed), or returns a problem at 1:1. */
export function decodeYaml(bytes: Uint8Array, file: string): { ok: true; text: string } | { ok: false; problems: FileProblem[] } {
	const decoded = decodeDocument(bytes, MAX_YAML_BYTES);
	if (!decoded.ok) return { ok: false, problems: [{ file, line: 1, column: 1, message: decoded.message }] };
	return { ok: true, text: decoded.text };
}

/** Parses YAML text safely; syntax errors, warnings, custom tags and alias bombs become problems, never exceptions. */
export function parseYamlSafely(text: string, file: string): SafeYaml {
	const lines = new LineCounter();
	let doc: Document;
	try {
		doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lines });
	} catch (error) {
		return { ok: false, problems: [{ file, line: 1, column: 1, message: `cannot parse YAML: ${String(error)}` }] };
	}
	const problems: FileProblem[] = [];
	for (const issue of [...doc.errors, ...doc.warnings]) {
		problems.push(problemAt(file, lines, issue.pos, firstLine(issue.message)));
	}
	visit(doc, (_key, node) => {
		if (isNode(node) && node.tag && !ALLOWED_TAGS.has(node.tag)) {
			problems.push(problemAt(file, lines, node.range, `tag ${node.tag} is not allowed (plain data only)`));
		}
	});
	if (problems.length > 0) return { ok: false, problems: dedupe(problems) };
	try {
		return { ok: true, doc, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), lines };
	} catch (error) {
		return { ok: false, problems: [{ file, line: 1, column: 1, message: `cannot read YAML: ${firstLine(error instanceof Error ? error.message : String(error))}` }] };
	}
}

/** Parses text that is known to be valid (it was checked before); a failure here is a bug, so it throws. */
export function parseTrustedYaml(text: string): Document {
	const doc = parseDocument(text, PARSE_OPTIONS);
	if (doc.errors.length > 0) throw new Error(`internal: base YAML no longer parses: ${doc.errors[0].message}`);
	return doc;
}

function firstLine(message: string): string {
	// yaml appends "at line L, column C:" and a code excerpt; the problem carries the position already.
	return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}

function dedupe(problems: FileProblem[]): FileProblem[] {
	const seen = new Set<string>();
	return problems.filter((p) => {
		const key = String(p.line);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** The list at `key` of a YAML document being edited, created (block style) if absent. */
export function ensureSeq(doc: Document, key: string): YAMLSeq {
	const node = doc.get(key, true);
	if (isSeq(node)) {
		// An empty list is written `[]`; once it has entries, one per line reads and diffs better.
		if (node.items.length === 0) node.flow = false;
		return node;
	}
	const seq = new YAMLSeq();
	doc.set(key, seq);
	return seq;
}

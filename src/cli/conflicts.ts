import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { buildStamp } from '../core/buildStamp';
import type { Conflict } from '../core/conflicts';
import { SnapshotCache, fileStore } from '../core/corpus/cache';
import { CORRECTIONS_FILE, parseCorrectionsBytes } from '../core/corpus/corrections';
import { CorpusIndex } from '../core/corpus/corpusIndex';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, listDocuments, nodeFiles } from '../core/corpus/files';
import { WorkerPool, defaultWorkerScript, type AnalysisRunner } from '../core/corpus/workerPool';
import type { ClaimRef, GroupCorrections } from '../core/quantities';
import { decodeDocument } from '../core/text';
import { CliError } from './io';
import { findRegistryFile, loadRegistry, publishedFromSidecar } from './workspace';
import { version } from '../../package.json';

/** Below this many documents, starting worker threads costs more than it saves. */
const WORKER_MIN_DOCUMENTS = 64;

/** `corroborate conflicts [--json | --format text|json|sarif] DIR...`: figures that disagree across documents. */
export async function runConflicts(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			json: { type: 'boolean' },
			format: { type: 'string' },
			include: { type: 'string', multiple: true },
			exclude: { type: 'string', multiple: true },
			groups: { type: 'string' },
			cache: { type: 'string' },
			jobs: { type: 'string' },
			registry: { type: 'string' },
			'no-registry': { type: 'boolean' },
		},
	});
	if (positionals.length === 0) throw new CliError('conflicts needs at least one DIR', 2);
	const format = values.json ? 'json' : (values.format ?? 'text');
	if (!['text', 'json', 'sarif'].includes(format)) throw new CliError(`unknown --format '${format}' (text, json or sarif)`, 2);

	const paths: string[] = [];
	for (const target of positionals) {
		let isDirectory: boolean;
		try {
			isDirectory = statSync(target).isDirectory();
		} catch {
			throw new CliError(`${target}: no such directory`);
		}
		if (!isDirectory) { paths.push(target); continue; }
		const found = await listDocuments(target, values.include ?? DEFAULT_INCLUDE, [...DEFAULT_EXCLUDE, ...(values.exclude ?? [])]);
		// Paths are reported as given on the command line, joined with the file's path inside the directory.
		paths.push(...found.map((f) => join(target, relative(target, f))));
	}

	const corrections = loadCorrections(values.groups ?? join(positionals[0], CORRECTIONS_FILE), values.groups !== undefined);
	// Analysts' corrections apply as in `extract`: the nearest entity registry (or --registry), and each
	// document's sidecar publication date.
	const first = positionals[0];
	const registryFile = values['no-registry'] ? undefined : values.registry ?? findRegistryFile(statSync(first).isDirectory() ? first : dirname(first));
	const registry = registryFile ? loadRegistry(registryFile) : undefined;
	const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
	if (!Number.isInteger(jobs) || jobs < 0) throw new CliError(`--jobs must be a whole number, not '${values.jobs}'`, 2);
	const script = defaultWorkerScript();
	const runner: AnalysisRunner | null = jobs > 0 && script && paths.length >= WORKER_MIN_DOCUMENTS ? new WorkerPool(script, jobs) : null;
	const cache = values.cache ? new SnapshotCache(fileStore(join(values.cache, 'corpus-cache.json')), buildStamp(version, __filename)) : null;
	const index = new CorpusIndex({ runner, cache, corrections, registry, publishedOf: publishedFromSidecar });
	try {
		const report = await index.indexFiles(paths, nodeFiles);
		for (const problem of report.problems) process.stderr.write(`corroborate: ${problem.path}: ${problem.message}\n`);
		// The workers are done: free their memory before the cache is written.
		await runner?.dispose();
		await index.saveCache();
		const conflicts = index.conflicts();
		const totals = index.totals();
		if (format === 'json') process.stdout.write(JSON.stringify({ conflicts: conflicts.flatMap(splitByRelation).map(toJson) }) + '\n');
		else if (format === 'sarif') process.stdout.write(JSON.stringify(toSarif(conflicts), null, 1) + '\n');
		else process.stdout.write(toText(conflicts, totals, index.crossDocumentGroups().length));
	} finally {
		await runner?.dispose();
	}
	return 0;
}

/** Reads corroborate.groups.yaml; its problems are warnings (file:line:column) and its valid entries still apply. */
function loadCorrections(path: string, explicit: boolean): GroupCorrections | undefined {
	let bytes: Uint8Array;
	try {
		bytes = readFileSync(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && !explicit) return undefined;
		throw new CliError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`);
	}
	const { corrections, problems } = parseCorrectionsBytes(bytes, path);
	for (const p of problems) process.stderr.write(`corroborate: warning: ${p.file}:${p.line}:${p.column}: ${p.message}\n`);
	return corrections;
}

/** A member as the eval protocol has it, plus what an analyst needs to judge it. */
function memberJson(ref: ClaimRef) {
	const { claim } = ref;
	return {
		document: ref.document,
		start: claim.start,
		end: claim.end,
		text: claim.text,
		value: claim.value,
		kind: claim.kind,
		approx: claim.approx,
		counts: claim.counts,
		source: claim.source,
		published: ref.published,
		line: ref.features.line,
	};
}

/**
 * A group with both contemporaneous conflicts and time-shifted differences becomes two entries, one per
 * verdict, each with the members of its own pairs: "conflict" never hides behind "time-shifted" or vice versa.
 */
function splitByRelation(conflict: Conflict): Conflict[] {
	const kinds = new Set(conflict.pairs.map((p) => p.relation));
	if (kinds.size < 2) return [conflict];
	return (['conflict', 'time-shifted'] as const).map((relation) => {
		const pairs = conflict.pairs.filter((p) => p.relation === relation);
		const used = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort((a, b) => a - b);
		const at = new Map(used.map((old, i) => [old, i]));
		return { ...conflict, verdict: relation, members: used.map((i) => conflict.members[i]), pairs: pairs.map((p) => ({ ...p, a: at.get(p.a)!, b: at.get(p.b)! })) };
	});
}

/** Each member's own part in the disagreement: a conflict with some figure, or only a time shift. */
function relations(conflict: Conflict): ('conflict' | 'time-shifted')[] {
	const roles: ('conflict' | 'time-shifted')[] = conflict.members.map(() => 'time-shifted');
	for (const p of conflict.pairs) if (p.relation === 'conflict') roles[p.a] = roles[p.b] = 'conflict';
	return roles;
}

function toJson(conflict: Conflict) {
	const roles = relations(conflict);
	return {
		quantity: conflict.quantity,
		verdict: conflict.verdict,
		group: conflict.groupId,
		members: conflict.members.map((m, i) => ({ ...memberJson(m), relation: roles[i] })),
		pairs: conflict.pairs,
	};
}

/** A figure in words for the summary: "more than 240,000 (2015-09-18, Syrian Observatory for Human Rights)". */
function describeFigure(ref: ClaimRef): string {
	const extras = [ref.published ?? 'undated', ref.claim.source].filter(Boolean).join(', ');
	return `${ref.document}:${ref.features.line}  "${ref.claim.text}"  (${extras})`;
}

function toText(conflicts: Conflict[], totals: { documents: number; claims: number }, groups: number): string {
	const lines: string[] = [];
	for (const c of conflicts) {
		lines.push(`${c.verdict === 'conflict' ? 'CONFLICT' : 'time-shifted'}: ${c.quantity}`);
		const roles = relations(c);
		c.members.forEach((m, i) => lines.push(`  ${describeFigure(m)}${c.verdict === 'conflict' && roles[i] === 'time-shifted' ? '  [time-shifted]' : ''}`));
	}
	const conflicting = conflicts.filter((c) => c.verdict === 'conflict').length;
	const shifted = conflicts.length - conflicting;
	if (lines.length > 0) lines.push('');
	lines.push(`${conflicting} conflict${conflicting === 1 ? '' : 's'}, ${shifted} time-shifted, in ${groups} cross-document quantit${groups === 1 ? 'y' : 'ies'} (${totals.claims} claims, ${totals.documents} documents)`);
	return lines.join('\n') + '\n';
}

/** Line and column (1-based, UTF-16) of offsets in a file, read once per file. */
function locator() {
	const cache = new Map<string, number[] | null>();
	return (path: string, offset: number): { line: number; column: number } | null => {
		let starts = cache.get(path);
		if (starts === undefined) {
			starts = null;
			try {
				const decoded = decodeDocument(readFileSync(path));
				if (decoded.ok) {
					starts = [0];
					for (let i = decoded.text.indexOf('\n'); i !== -1; i = decoded.text.indexOf('\n', i + 1)) starts.push(i + 1);
				}
			} catch { /* the region then has offsets only */ }
			cache.set(path, starts);
		}
		if (!starts) return null;
		let lo = 0, hi = starts.length - 1;
		while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
		return { line: lo + 1, column: offset - starts[lo] + 1 };
	};
}

/** SARIF 2.1.0: one result per figure in a disagreement, related locations at the other documents' figures. */
function toSarif(conflicts: Conflict[]) {
	const locate = locator();
	const uri = (path: string) => {
		const rel = relative(process.cwd(), resolve(path));
		return (rel.startsWith('..') ? resolve(path) : rel).split(sep).join('/');
	};
	const location = (ref: ClaimRef) => {
		const start = locate(ref.document, ref.claim.start);
		const end = locate(ref.document, ref.claim.end);
		return {
			physicalLocation: {
				artifactLocation: { uri: uri(ref.document) },
				region: {
					charOffset: ref.claim.start,
					charLength: ref.claim.end - ref.claim.start,
					...(start && end ? { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column } : {}),
					snippet: { text: ref.claim.text },
				},
			},
		};
	};
	const results = conflicts.flatMap((c) => c.members.map((ref, i) => {
		const partners = new Map<number, 'conflict' | 'time-shifted'>();
		for (const p of c.pairs) {
			if (p.a === i) partners.set(p.b, p.relation);
			if (p.b === i) partners.set(p.a, p.relation);
		}
		const others = c.members.filter((m, j) => j !== i && m.document !== ref.document);
		const conflicting = [...partners].some(([, r]) => r === 'conflict');
		const when = ref.published ? ` (${ref.published}${ref.claim.source ? ', ' + ref.claim.source : ''})` : '';
		return {
			ruleId: conflicting ? 'conflicting-figure' : 'time-shifted-figure',
			level: conflicting ? 'warning' : 'note',
			message: {
				text: `"${ref.claim.text}"${when} ${conflicting ? 'conflicts with' : 'differs, months apart, from'} ${[...partners.keys()].map((j) => `"${c.members[j].claim.text}" in ${c.members[j].document}`).join('; ')} — ${c.quantity}`,
			},
			locations: [location(ref)],
			relatedLocations: others.map((m, k) => ({ id: k + 1, ...location(m), message: { text: `${m.claim.text} (${m.published ?? 'undated'}${m.claim.source ? ', ' + m.claim.source : ''})` } })),
			partialFingerprints: { quantityGroup: c.groupId },
			properties: { quantity: c.quantity, verdict: c.verdict, value: ref.claim.value },
		};
	}));
	return {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [{
			tool: {
				driver: {
					name: 'Corroborate',
					version,
					rules: [
						{ id: 'conflicting-figure', name: 'ConflictingFigure', shortDescription: { text: 'Figures for one quantity that cannot all be true' }, fullDescription: { text: 'Two documents report the same quantity at about the same time with figures whose ranges do not overlap, after allowing for qualifiers, rounding and hedging.' }, defaultConfiguration: { level: 'warning' } },
						{ id: 'time-shifted-figure', name: 'TimeShiftedFigure', shortDescription: { text: 'Figures for one running total that differ between reports months apart' }, fullDescription: { text: 'The figures differ, but the reports are far apart in time, so both may be right when written.' }, defaultConfiguration: { level: 'note' } },
					],
				},
			},
			columnKind: 'utf16CodeUnits',
			results,
		}],
	};
}

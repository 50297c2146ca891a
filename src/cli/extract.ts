import { parseArgs } from 'node:util';
import { analyze } from '../core/analyze';
import { unifyCanonicals } from '../core/entities/corpus';
import type { Analysis } from '../core/types';
import { dirname } from 'node:path';
import { CliError, readDocument, readStdin } from './io';
import { findRegistryFile, loadRegistry, publishedFromSidecar } from './workspace';

/** The protocol's per-document JSON object (shared/eval/README.md). */
function toProtocol(analysis: Analysis): Omit<Analysis, 'published'> {
	return { entities: analysis.entities, claims: analysis.claims, numbers: analysis.numbers, boilerplate: analysis.boilerplate };
}

/** `corroborate extract`: a readable table, `--json` per file, or `--stdin --jsonl`. */
export async function runExtract(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { json: { type: 'boolean' }, stdin: { type: 'boolean' }, jsonl: { type: 'boolean' }, registry: { type: 'string' }, 'no-registry': { type: 'boolean' } },
	});
	if (values.stdin) {
		const registry = values.registry ? loadRegistry(values.registry) : undefined;
		const requests: { id: unknown; analysis: Analysis }[] = [];
		for (const [n, line] of (await readStdin()).split('\n').entries()) {
			if (!line.trim()) continue;
			let request: { id: unknown; text: unknown };
			try {
				request = JSON.parse(line);
			} catch {
				throw new CliError(`stdin line ${n + 1}: not a JSON line: ${line.slice(0, 60)}`);
			}
			if (typeof request.text !== 'string') throw new CliError(`stdin line ${n + 1}: each line needs a string "text"`);
			requests.push({ id: request.id, analysis: analyze(request.text, { registry }) });
		}
		// The lines form a corpus, as several files do: one canonical name per real-world entity across them.
		unifyAcrossDocuments(requests.map((r) => r.analysis));
		for (const { id, analysis } of requests) process.stdout.write(JSON.stringify({ id, ...toProtocol(analysis) }) + '\n');
		return 0;
	}
	if (positionals.length === 0) throw new CliError('extract needs at least one FILE (or --stdin --jsonl)', 2);
	// Analysts' corrections: the entity registry (nearest corroborate.entities.yaml, or --registry) and
	// each document's sidecar metadata (a recorded publication date beats the inferred one).
	const registryFile = values['no-registry'] ? undefined : values.registry ?? findRegistryFile(dirname(positionals[0]));
	const registry = registryFile ? loadRegistry(registryFile) : undefined;
	const analyses = positionals.map((path) => analyze(readDocument(path), { registry, published: publishedFromSidecar(path) }));
	// Several files form a corpus: one canonical name per real-world entity across all of them.
	unifyAcrossDocuments(analyses);
	positionals.forEach((path, k) => {
		const analysis = analyses[k];
		const output = values.json ? JSON.stringify({ document: path, ...toProtocol(analysis) }) + '\n' : formatTable(path, analysis);
		process.stdout.write(output);
	});
	return 0;
}

/** Gives every mention of one real-world entity the same canonical name across the documents (in place). */
function unifyAcrossDocuments(analyses: Analysis[]): void {
	if (analyses.length > 1) unifyCanonicals(analyses.map((a) => a.entities)).forEach((entities, k) => (analyses[k].entities = entities));
}

/** A human-readable listing of one document's analysis. */
function formatTable(path: string, analysis: Analysis): string {
	const lines = [`${path}: ${analysis.entities.length} entities, ${analysis.claims.length} claims, ${analysis.boilerplate.length} page-chrome ranges`];
	for (const e of analysis.entities) lines.push(`  ${String(e.start).padStart(6)}  ${e.type.padEnd(6)}  ${e.text}${e.canonical !== e.text ? `  → ${e.canonical}` : ''}`);
	for (const c of analysis.claims) lines.push(`  ${String(c.start).padStart(6)}  ${c.kind.padEnd(8)}  ${c.text}`);
	return lines.join('\n') + '\n';
}

import { parseArgs } from 'node:util';
import { anchorSidecar } from '../core/annotations/edit';
import { nodeFileSystem } from '../core/annotations/node-fs';
import { loadSidecar } from '../core/annotations/store';
import { formatProblem } from './annotate';
import { CliError, readDocument } from './io';

/** One annotation in `anchors --json` output; start, end and text are null for an orphan. */
interface AnchorReport {
	id: string;
	status: 'exact' | 'moved' | 'fuzzy' | 'orphan';
	start: number | null;
	end: number | null;
	text: string | null;
	quote: string;
}

/** `corroborate anchors [--json] FILE...`: where each sidecar annotation is in the file's current text; read-only. */
export async function runAnchors(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
	if (positionals.length === 0) throw new CliError('anchors needs at least one FILE', 2);
	// Check every file first so that a bad one fails before any output, as one message.
	const jobs = [];
	for (const path of positionals) {
		const text = readDocument(path);
		const loaded = await loadSidecar(nodeFileSystem, path);
		if (loaded.status === 'broken') throw new CliError(formatProblem(loaded.problems[0]));
		jobs.push({ path, text, sidecar: loaded.sidecar });
	}
	for (const { path, text, sidecar } of jobs) {
		const annotations: AnchorReport[] = anchorSidecar(text, sidecar).map(({ annotation, anchor }) => ({
			id: annotation.id,
			status: anchor.status,
			start: anchor.start,
			end: anchor.end,
			text: anchor.status === 'orphan' ? null : text.slice(anchor.start, anchor.end),
			quote: annotation.target.quote.exact,
		}));
		if (values.json) {
			process.stdout.write(JSON.stringify({ document: path, annotations }) + '\n');
			continue;
		}
		const lines = [`${path}: ${annotations.length} annotations, ${annotations.filter((a) => a.status === 'orphan').length} orphaned`];
		for (const a of annotations) {
			const where = a.start === null ? '     -' : String(a.start).padStart(6);
			lines.push(`  ${where}  ${a.status.padEnd(6)}  ${a.id}  ${JSON.stringify(a.quote.length > 60 ? a.quote.slice(0, 57) + '...' : a.quote)}`);
		}
		process.stdout.write(lines.join('\n') + '\n');
	}
	return 0;
}

import { parseArgs } from 'node:util';
import { checkSpan, addAnnotation } from '../core/annotations/edit';
import { ANNOTATION_KINDS, VERDICTS, type AnnotationKind, type FileProblem, type Verdict } from '../core/annotations/model';
import { nodeFileSystem } from '../core/annotations/node-fs';
import { loadSidecar, saveSidecar } from '../core/annotations/store';
import { CliError, readDocument } from './io';

/** One line for a sidecar problem, as compilers print them. */
export function formatProblem(problem: FileProblem): string {
	return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** Parses a non-negative integer option, or throws a usage error. */
function offset(name: string, value: string | undefined): number {
	if (value === undefined) throw new CliError(`annotate needs --${name} N`, 2);
	if (!/^\d+$/.test(value)) throw new CliError(`--${name} must be a non-negative integer (got '${value}')`, 2);
	return Number(value);
}

/** `corroborate annotate FILE --start N --end M [--note TEXT] [--label L] [--kind K] [--verdict V] [--tag T]... [--author A] [--json]`. */
export async function runAnnotate(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			start: { type: 'string' },
			end: { type: 'string' },
			note: { type: 'string' },
			label: { type: 'string' },
			kind: { type: 'string' },
			verdict: { type: 'string' },
			tag: { type: 'string', multiple: true },
			author: { type: 'string' },
			json: { type: 'boolean' },
		},
	});
	if (positionals.length !== 1) throw new CliError('annotate needs exactly one FILE', 2);
	const [path] = positionals;
	const start = offset('start', values.start);
	const end = offset('end', values.end);
	if (values.kind !== undefined && !ANNOTATION_KINDS.includes(values.kind as AnnotationKind)) throw new CliError(`--kind must be one of ${ANNOTATION_KINDS.join(', ')}`, 2);
	if (values.verdict !== undefined && !VERDICTS.includes(values.verdict as Verdict)) throw new CliError(`--verdict must be one of ${VERDICTS.join(', ')}`, 2);
	const text = readDocument(path);
	const spanProblem = checkSpan(text, start, end);
	if (spanProblem) throw new CliError(`${path}: ${spanProblem}`);
	const loaded = await loadSidecar(nodeFileSystem, path);
	if (loaded.status === 'broken') throw new CliError(`${formatProblem(loaded.problems[0])} (fix the sidecar first; it was not changed)`);
	const { sidecar, annotation } = addAnnotation(loaded.sidecar, text, start, end, {
		kind: values.kind as AnnotationKind | undefined,
		label: values.label,
		note: values.note,
		verdict: values.verdict as Verdict | undefined,
		tags: values.tag,
		author: values.author,
	});
	const saved = await saveSidecar(nodeFileSystem, path, sidecar, loaded.status === 'ok' ? loaded.text : undefined);
	if (!saved.ok) throw new CliError(`${formatProblem(saved.problems[0])} (fix the sidecar first; it was not changed)`);
	process.stdout.write(values.json ? JSON.stringify({ id: annotation.id }) + '\n' : `${annotation.id}  ${saved.path}\n`);
	return 0;
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { interpretSidecarBytes } from '../core/annotations/store';
import { sidecarPathFor } from '../core/annotations/model';
import { parseRegistry, REGISTRY_FILE, type Registry } from '../core/registry';
import { CliError } from './io';

/** The publication date an analyst recorded in the document's sidecar, or undefined (a broken sidecar is reported on stderr). */
export function publishedFromSidecar(documentPath: string): string | undefined {
	const path = sidecarPathFor(documentPath);
	if (!existsSync(path)) return undefined;
	const load = interpretSidecarBytes(path, documentPath, readFileSync(path));
	if (load.status === 'broken') {
		const [problem] = load.problems;
		process.stderr.write(`corroborate: warning: ${problem.file}:${problem.line}:${problem.column}: ${problem.message} (sidecar ignored)\n`);
		return undefined;
	}
	return load.status === 'ok' ? load.sidecar.metadata?.published : undefined;
}

/** The nearest corroborate.entities.yaml at or above `dir`, stopping at a repository root. */
export function findRegistryFile(dir: string): string | undefined {
	for (let current = resolve(dir); ; current = dirname(current)) {
		const candidate = join(current, REGISTRY_FILE);
		if (existsSync(candidate)) return candidate;
		if (existsSync(join(current, '.git')) || dirname(current) === current) return undefined;
	}
}

/** Loads the entity registry from `path`; a malformed one is an error with file, line and cause. */
export function loadRegistry(path: string): Registry {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch {
		throw new CliError(`${path}: cannot read the entity registry`);
	}
	const parsed = parseRegistry(text, path);
	if (!parsed.ok) {
		const [problem] = parsed.problems;
		throw new CliError(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
	}
	return parsed.registry;
}

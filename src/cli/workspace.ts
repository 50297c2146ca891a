import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { interpretSidecarBytes } from '../core/annotations/store';
import { sidecarPathFor } from '../core/annotations/model';
import { decodeYaml } from '../core/annotations/safe-yaml';
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

/**
 * The nearest corroborate.entities.yaml at or above `dir`. The search stops at the workspace's edge — a
 * repository root, the current directory or the home directory — so a registry elsewhere never leaks in.
 */
export function findRegistryFile(dir: string): string | undefined {
	const edges = new Set([resolve(process.cwd()), resolve(homedir())]);
	for (let current = resolve(dir); ; current = dirname(current)) {
		const candidate = join(current, REGISTRY_FILE);
		if (existsSync(candidate)) return candidate;
		if (edges.has(current) || existsSync(join(current, '.git')) || dirname(current) === current) return undefined;
	}
}

/** Loads the entity registry from `path`; a malformed one is an error with file, line and cause. */
export function loadRegistry(path: string): Registry {
	let bytes: Uint8Array;
	try {
		bytes = readFileSync(path);
	} catch (error) {
		throw new CliError(`${path}: cannot read the entity registry (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}
	// The same decoding as the editor: BOM removed, non-UTF-8 or oversized files refused with a position.
	const decoded = decodeYaml(bytes, path);
	const parsed = decoded.ok ? parseRegistry(decoded.text, path) : decoded;
	if (!parsed.ok) {
		const [problem] = parsed.problems;
		throw new CliError(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
	}
	return parsed.registry;
}

import { parseArgs } from 'node:util';
import { CliError } from './io';

/** `corroborate conflicts`: groups claims across documents and reports figures that disagree. */
export async function runConflicts(args: string[]): Promise<number> {
	const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, format: { type: 'string' } } });
	if (positionals.length === 0) throw new CliError('conflicts needs at least one DIR', 2);
	// Placeholder until the corpus index lands (issue 5): reports no conflicts.
	process.stdout.write(JSON.stringify({ conflicts: [] }) + '\n');
	return 0;
}

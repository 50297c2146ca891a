import { parseArgs } from 'node:util';
import { runAnchors } from './anchors';
import { runAnnotate } from './annotate';
import { runConflicts } from './conflicts';
import { runExtract } from './extract';
import { CliError } from './io';
import { version } from '../../package.json';

const HELP = `corroborate ${version}: entities, numeric claims and conflicting figures in plain-text documents

Usage:
  corroborate extract [--json] FILE...        entities, claims, numbers and page chrome per file
      [--registry FILE | --no-registry]       entity registry (default: nearest corroborate.entities.yaml);
                                              a document's sidecar metadata.published overrides the inferred date
  corroborate extract --stdin --jsonl         read {"id","text"} lines, write one result line each
  corroborate conflicts [--json | --format sarif] [--cache DIR] [--groups FILE] DIR...
                                              figures for one quantity that disagree across documents
      [--registry FILE | --no-registry]       entity registry and sidecar dates as for extract
  corroborate annotate FILE --start N --end M [--note TEXT] [--label L] [--kind K] [--verdict V] [--tag T]... [--json]
                                              add an annotation to FILE's sidecar (FILE.annotations.yaml)
  corroborate anchors [--json] FILE...        where each sidecar annotation is now: exact, moved, fuzzy or orphan (read-only)
  corroborate --help | --version

Offsets are UTF-16 code units into the text decoded from UTF-8 (BOM removed); end is exclusive.`;

/** Entry point: dispatches a sub-command and turns expected failures into a one-line message. */
export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	try {
		switch (command) {
			case undefined:
			case '-h':
			case '--help':
			case 'help':
				process.stdout.write(HELP + '\n');
				return 0;
			case '-v':
			case '--version':
				process.stdout.write(version + '\n');
				return 0;
			case 'extract':
				return await runExtract(rest);
			case 'conflicts':
				return await runConflicts(rest);
			case 'annotate':
				return await runAnnotate(rest);
			case 'anchors':
				return await runAnchors(rest);
			default:
				throw new CliError(`unknown command '${command}' (see corroborate --help)`);
		}
	} catch (error) {
		if (error instanceof CliError) {
			process.stderr.write(`corroborate: ${error.message}\n`);
			return error.exitCode;
		}
		// Option-parsing errors from node:util are user errors too.
		if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
			process.stderr.write(`corroborate: ${error.message}\n`);
			return 2;
		}
		// A file-system failure (EACCES, EISDIR on a sidecar path, ENOSPC...) is the user's environment, not a bug.
		if (isErrnoError(error)) {
			process.stderr.write(`corroborate: ${error.path ? `${error.path}: ` : ''}${error.code} (${error.syscall ?? 'file access'} failed)\n`);
			return 1;
		}
		throw error;
	}
}

/** A Node.js system error such as ENOENT or EACCES. */
function isErrnoError(error: unknown): error is NodeJS.ErrnoException {
	return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

export { parseArgs };

if (require.main === module) {
	main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

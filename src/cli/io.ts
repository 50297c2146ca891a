import { readFileSync, statSync } from 'node:fs';
import { decodeDocument, MAX_DOCUMENT_BYTES, tooLargeMessage } from '../core/text';

/** An expected failure reported as one line on stderr, with an exit code. */
export class CliError extends Error {
	constructor(message: string, readonly exitCode = 1) {
		super(message);
	}
}

/** Reads a document as text, or throws a CliError saying why it cannot be read. */
export function readDocument(path: string): string {
	let bytes: Buffer;
	try {
		const stat = statSync(path);
		if (stat.isDirectory()) throw new CliError(`${path}: is a directory`);
		// Refuse a huge file before reading it into memory.
		if (stat.size > MAX_DOCUMENT_BYTES) throw new CliError(`${path}: ${tooLargeMessage(stat.size)}`);
		bytes = readFileSync(path);
	} catch (error) {
		if (error instanceof CliError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new CliError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`);
	}
	const decoded = decodeDocument(bytes);
	if (!decoded.ok) throw new CliError(`${path}: ${decoded.message}`);
	return decoded.text;
}

/** Reads all of standard input as UTF-8; invalid UTF-8 is refused rather than silently replaced. */
export async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
	} catch {
		throw new CliError('stdin: not valid UTF-8');
	}
}

/** File access for the corpus index, behind a small interface so the editor can use its own file system. */
import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';

/** What the index needs from a file system. The VS Code adapter implements it with `workspace.fs`. */
export interface CorpusFiles {
	/**
	 * The file's bytes. Rejects when it cannot be read. `size` is the file's size when the caller has just read
	 * it with `stat`, so that the implementation can choose how to read without asking again.
	 */
	read(path: string, size?: number): Promise<Uint8Array>;
	/** Size and modification time, or null when the file is gone; lets a warm reopen skip unchanged files. */
	stat?(path: string): Promise<{ size: number; mtime: number } | null>;
}

/** Default document globs: plain text and Markdown. */
export const DEFAULT_INCLUDE = ['**/*.txt', '**/*.md'];
/** Never documents: annotation sidecars and tool folders. */
export const DEFAULT_EXCLUDE = ['**/*.annotations.yaml', '**/node_modules/**', '**/.git/**'];

/** Files up to this size are read synchronously: a few microseconds, where a promise read costs four thread-pool round trips. */
const SYNC_READ_MAX_BYTES = 1 << 20;

/** Node's file system. */
export const nodeFiles: CorpusFiles = {
	async read(path, size) {
		const known = size ?? statSync(path, { throwIfNoEntry: false })?.size;
		return known !== undefined && known <= SYNC_READ_MAX_BYTES ? readFileSync(path) : readFile(path);
	},
	// Synchronous on purpose: a stat is microseconds, and 10,000 of them through the thread pool cost more.
	async stat(path) {
		const s = statSync(path, { throwIfNoEntry: false });
		return s ? { size: s.size, mtime: s.mtimeMs } : null;
	},
};

/** Lists documents under a directory matching the include globs and none of the exclude globs, sorted. */
export async function listDocuments(root: string, include = DEFAULT_INCLUDE, exclude = DEFAULT_EXCLUDE): Promise<string[]> {
	const isIncluded = picomatch(include, { dot: false, basename: false });
	const isExcluded = picomatch(exclude, { dot: true });
	const found: string[] = [];
	const entries = await readdir(root, { recursive: true, withFileTypes: true });
	for (const entry of entries) {
		if (!entry.isFile()) continue;
		const full = join(entry.parentPath, entry.name);
		// String slicing rather than path.relative: this runs once per file of the workspace.
		const prefix = root.endsWith(sep) ? root : root + sep;
		const rel = (full.startsWith(prefix) ? full.slice(prefix.length) : relative(root, full)).split(sep).join('/');
		// Globs like **/*.txt also match files directly in the root.
		if ((isIncluded(rel) || isIncluded('./' + rel)) && !isExcluded(rel)) found.push(full);
	}
	return found.sort();
}

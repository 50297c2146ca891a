/**
 * Loading and saving sidecars through a minimal file-system interface (Node's fs in the CLI and tests,
 * vscode.workspace.fs in the extension). Saves are atomic, merge with changes made on disk meanwhile,
 * and refuse to overwrite a sidecar that does not parse.
 */
import { mergeSidecars, type MergeConflict } from './merge';
import { emptySidecar, sidecarPathFor, type FileProblem, type Sidecar } from './model';
import { decodeYaml } from './safe-yaml';
import { parseSidecar, renderSidecar } from './sidecar';

/** The file operations the store needs; paths are whatever the implementation understands. */
export interface FileSystem {
	/** The file's bytes, or undefined if it does not exist (other failures throw). */
	readFile(path: string): Promise<Uint8Array | undefined>;
	/** Creates or replaces the file and, where the platform allows, flushes it to disk before resolving. */
	writeFile(path: string, data: Uint8Array): Promise<void>;
	/** Renames `from` to `to`, atomically replacing `to`. */
	rename(from: string, to: string): Promise<void>;
	/** Deletes a file; a missing file is not an error. */
	delete(path: string): Promise<void>;
}

/** The state of a document's sidecar on disk. `text` is what a later save uses as its merge base. */
export type SidecarLoad =
	| { status: 'missing'; path: string; sidecar: Sidecar }
	| { status: 'ok'; path: string; sidecar: Sidecar; text: string }
	| { status: 'broken'; path: string; problems: FileProblem[] };

/** Reads and parses a document's sidecar; a missing one yields an empty sidecar, a malformed one its problems. */
export async function loadSidecar(fs: FileSystem, documentPath: string): Promise<SidecarLoad> {
	const path = sidecarPathFor(documentPath);
	return interpretSidecarBytes(path, documentPath, await fs.readFile(path));
}

/** Interprets sidecar bytes already read (undefined: no file), e.g. from a file-change event. */
export function interpretSidecarBytes(path: string, documentPath: string, bytes: Uint8Array | undefined): SidecarLoad {
	if (bytes === undefined) return { status: 'missing', path, sidecar: emptySidecar(documentPath) };
	const decoded = decodeYaml(bytes, path);
	if (!decoded.ok) return { status: 'broken', path, problems: decoded.problems };
	if (decoded.text.trim() === '') return { status: 'ok', path, sidecar: emptySidecar(documentPath), text: decoded.text };
	const parsed = parseSidecar(decoded.text, path);
	if (!parsed.ok) return { status: 'broken', path, problems: parsed.problems };
	const sidecar = parsed.sidecar.document ? parsed.sidecar : { ...parsed.sidecar, document: emptySidecar(documentPath).document };
	return { status: 'ok', path, sidecar, text: decoded.text };
}

/** What a save did: the sidecar now on disk (to hold as the new in-memory state) and its text (the next base). */
export type SaveResult =
	| { ok: true; path: string; sidecar: Sidecar; text: string; written: boolean; mergedWithDisk: boolean; conflicts: MergeConflict[] }
	| { ok: false; path: string; problems: FileProblem[] };

/** How often a save starts over because the sidecar changed on disk while it was being written. */
const MAX_SAVE_ATTEMPTS = 5;

/**
 * Saves the in-memory sidecar of a document. `baseText` is the sidecar text it was loaded from or last saved
 * as (undefined if there was no sidecar then). If the file changed on disk since, both versions are merged by id.
 * A broken file on disk is never overwritten: the result carries its problems instead. A document without
 * annotations gets no new sidecar file. The file is read again just before the new version replaces it: if
 * another writer got in meanwhile, the save merges with that version and starts over, so its changes are kept.
 */
export async function saveSidecar(fs: FileSystem, documentPath: string, sidecar: Sidecar, baseText: string | undefined): Promise<SaveResult> {
	const path = sidecarPathFor(documentPath);
	let bytes = await fs.readFile(path);
	for (let attempt = 1; ; attempt++) {
		const diskText = bytes === undefined ? undefined : decodeYaml(bytes, path);
		let next = sidecar;
		let mergedWithDisk = false;
		let conflicts: MergeConflict[] = [];
		// The common case: the file is still what we loaded or last wrote, so it is valid and needs no parse.
		const unchanged = diskText === undefined ? baseText === undefined : diskText.ok && diskText.text === baseText;
		if (!unchanged) {
			const disk = interpretSidecarBytes(path, documentPath, bytes);
			if (disk.status === 'broken') return { ok: false, path, problems: disk.problems };
			const base = baseText === undefined ? undefined : parseSidecar(baseText, path);
			const merge = mergeSidecars(base?.ok ? base.sidecar : undefined, disk.sidecar, sidecar);
			next = merge.sidecar;
			conflicts = merge.conflicts;
			mergedWithDisk = true;
		}
		const current = diskText?.ok ? diskText.text : undefined;
		if (current === undefined && next.annotations.length === 0 && !next.metadata) {
			return { ok: true, path, sidecar: next, text: '', written: false, mergedWithDisk, conflicts };
		}
		const text = renderSidecar(next, current);
		if (text === current) return { ok: true, path, sidecar: next, text, written: false, mergedWithDisk, conflicts };
		const seen = bytes;
		let latest: Uint8Array | undefined;
		const replaced = await writeFileAtomic(fs, path, new TextEncoder().encode(text), async () => {
			latest = await fs.readFile(path);
			return sameBytes(latest, seen);
		});
		if (replaced) return { ok: true, path, sidecar: next, text, written: true, mergedWithDisk, conflicts };
		// Someone else wrote the sidecar between our read and our rename: merge with their version instead.
		if (attempt >= MAX_SAVE_ATTEMPTS) throw new Error(`${path} keeps changing on disk; the annotations were not saved (they are kept in memory)`);
		bytes = latest;
	}
}

/** True when both reads found the same bytes (or both found no file). */
function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
	if (a === undefined || b === undefined) return a === b;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** Time to wait before trusting a read that found the file empty or missing (see readSettled). */
export const SETTLE_RETRY_MS = 250;

/**
 * Reads a file that a file event announced. Other programs (and `workspace.fs.writeFile`) truncate before they
 * write, and some delete before they rename a new version in (editors' safe save, `git checkout`), so a read
 * right after the event can see an empty file or none at all; taking that at face value would mean "every
 * annotation (or correction) deleted". An empty or missing read is therefore repeated once after a short wait.
 */
export async function readSettled(read: () => Promise<Uint8Array | undefined>, delayMs: number = SETTLE_RETRY_MS): Promise<Uint8Array | undefined> {
	const first = await read();
	if (first !== undefined && new TextDecoder().decode(first).trim() !== '') return first;
	await new Promise((resolve) => setTimeout(resolve, delayMs));
	return read();
}

/**
 * Writes a file so that readers see the old or the new content, never a part: a temporary sibling, then a rename.
 * `stillCurrent`, if given, is asked right before the rename; when it says no, the temporary file is removed,
 * the target is left alone and the result is false (the caller merges with what is there now and tries again).
 */
export async function writeFileAtomic(fs: FileSystem, path: string, data: Uint8Array, stillCurrent?: () => Promise<boolean>): Promise<boolean> {
	const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
	const suffix = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
	// Same directory, so the rename never crosses file systems; dot-prefixed so watchers and git ignore it readily.
	const temp = `${path.slice(0, cut + 1)}.${path.slice(cut + 1)}.${suffix}.tmp`;
	try {
		await fs.writeFile(temp, data);
		if (stillCurrent && !(await stillCurrent())) {
			await fs.delete(temp);
			return false;
		}
		await fs.rename(temp, path);
		return true;
	} catch (error) {
		await fs.delete(temp).catch(() => undefined);
		throw error;
	}
}

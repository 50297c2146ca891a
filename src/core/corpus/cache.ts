/** A persisted cache of document records keyed by content hash, so that reopening a corpus is instant. */
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RECORD_SCHEMA, type EncodedSummary } from './record';

/** Size and modification time of a file when its hash was taken: a match means the hash still holds. */
export interface FileStamp {
	size: number;
	mtime: number;
	hash: string;
}

/** Everything the cache holds. */
export interface CacheSnapshot {
	/** Identifies the engine build; a different one invalidates every record. */
	engine: string;
	files: Record<string, FileStamp>;
	/** Document summaries by content hash, compactly encoded. */
	summaries: CachedSummaries;
}

/**
 * A loaded cache's summaries by content hash, each kept as its line of the file and parsed when asked for: parsed
 * all at once, 10,000 of them would sit in the heap beside their decoded copies until the reopen is over.
 */
export class CachedSummaries {
	private readonly lines = new Map<string, string>();

	/** Number of summaries. */
	get size(): number {
		return this.lines.size;
	}

	/** Adds a summary by its line of the file; a line whose key cannot be read is left out. */
	addLine(line: string): void {
		const key = keyOfLine(line);
		if (key !== undefined) this.lines.set(key, line);
	}

	/** The summary stored under a key, or undefined (also for a corrupt line: its document is analysed again). */
	get(key: string): EncodedSummary | undefined {
		const line = this.lines.get(key);
		if (line === undefined) return undefined;
		try {
			const encoded = JSON.parse(line) as unknown;
			if (!Array.isArray(encoded) || encoded.length !== 7 || encoded[0] !== key || !Array.isArray(encoded[5]) || typeof encoded[6] !== 'string') return undefined;
			return encoded as EncodedSummary;
		} catch {
			return undefined;
		}
	}

	/** Forgets every summary. */
	clear(): void {
		this.lines.clear();
	}
}

/** The key of an encoded summary's line (its first element), read without parsing the line when it is plain. */
function keyOfLine(line: string): string | undefined {
	const end = line.startsWith('["') ? line.indexOf('"', 2) : -1;
	if (end > 0) {
		const key = line.slice(2, end);
		if (!key.includes('\\')) return key;
	}
	try {
		const encoded = JSON.parse(line) as unknown;
		return Array.isArray(encoded) && typeof encoded[0] === 'string' ? encoded[0] : undefined;
	} catch {
		return undefined;
	}
}

/** Where the cache's bytes live. The VS Code adapter can back it with `workspace.fs` in global storage. */
export interface BytesStore {
	read(): Promise<Uint8Array | null>;
	write(bytes: Uint8Array): Promise<void>;
	/** Writes the concatenation of the chunks as they come, without building it in memory first (optional). */
	writeChunks?(chunks: Iterable<Uint8Array>): Promise<void>;
}

/** Bytes gathered before one write: few system calls, little memory. */
const WRITE_GROUP_BYTES = 1 << 20;

/** A single file on disk, written atomically (temporary file, then rename). */
export function fileStore(path: string): BytesStore {
	return {
		async read() {
			try {
				return await readFile(path);
			} catch {
				return null;
			}
		},
		async write(bytes) {
			await this.writeChunks!([bytes]);
		},
		async writeChunks(chunks) {
			await mkdir(dirname(path), { recursive: true });
			const temporary = `${path}.${process.pid}.tmp`;
			const file = await open(temporary, 'w');
			try {
				let group: Uint8Array[] = [];
				let size = 0;
				for (const chunk of chunks) {
					group.push(chunk);
					size += chunk.byteLength;
					if (size >= WRITE_GROUP_BYTES) {
						await writeAll(file, group);
						group = [];
						size = 0;
					}
				}
				await writeAll(file, group);
			} catch (error) {
				await file.close();
				await rm(temporary, { force: true });
				throw error;
			}
			await file.close();
			await rename(temporary, path);
		},
	};
}

/** Writes the chunks one after the other (a write may take only part of what it is given). */
async function writeAll(file: FileHandle, chunks: Uint8Array[]): Promise<void> {
	const bytes = Buffer.concat(chunks);
	for (let at = 0; at < bytes.byteLength;) at += (await file.write(bytes, at)).bytesWritten;
}

/** JSON with every non-ASCII character escaped: such text loads as a compact one-byte string. */
function asciiJson(value: unknown): string {
	return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Loads and saves snapshots; a missing, corrupt or out-of-date cache reads as empty, never as an error. */
export class SnapshotCache {
	constructor(private readonly store: BytesStore, readonly engine: string) {}

	private get tag(): string {
		return `${RECORD_SCHEMA}:${this.engine}`;
	}

	/**
	 * The stored snapshot, or an empty one. The file is JSON Lines: a header with the engine and file stamps,
	 * then one encoded summary per line, so that neither saving nor loading builds one giant string or tree.
	 */
	async load(): Promise<CacheSnapshot> {
		const empty: CacheSnapshot = { engine: this.tag, files: {}, summaries: new CachedSummaries() };
		const bytes = await this.store.read();
		if (!bytes) return empty;
		try {
			// The file is pure ASCII (see `save`), so latin1 decoding is exact and takes the fast one-byte path.
			const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
			let end = text.indexOf('\n');
			if (end < 0) end = text.length;
			const header = JSON.parse(text.slice(0, end)) as { engine?: unknown; files?: unknown };
			if (header.engine !== this.tag || typeof header.files !== 'object' || header.files === null) return empty;
			const summaries = new CachedSummaries();
			for (let start = end + 1; start < text.length; start = end + 1) {
				end = text.indexOf('\n', start);
				if (end < 0) end = text.length;
				if (end > start) summaries.addLine(text.slice(start, end));
			}
			return { engine: this.tag, files: header.files as Record<string, FileStamp>, summaries };
		} catch {
			return empty;
		}
	}

	/** Stores the file stamps and summaries; each summary is encoded when the store asks for it. */
	async save(files: Record<string, FileStamp>, summaries: Iterable<EncodedSummary>): Promise<void> {
		const header = asciiJson({ engine: this.tag, files }) + '\n';
		function* lines(): Generator<Buffer> {
			yield Buffer.from(header, 'latin1');
			for (const encoded of summaries) yield Buffer.from(asciiJson(encoded) + '\n', 'latin1');
		}
		if (this.store.writeChunks) await this.store.writeChunks(lines());
		else await this.store.write(Buffer.concat([...lines()]));
	}
}

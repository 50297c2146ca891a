/** A persisted cache of document records keyed by content hash, so that reopening a corpus is instant. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
	summaries: Record<string, EncodedSummary>;
}

/** Where the cache's bytes live. The VS Code adapter can back it with `workspace.fs` in global storage. */
export interface BytesStore {
	read(): Promise<Uint8Array | null>;
	write(bytes: Uint8Array): Promise<void>;
}

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
			await mkdir(dirname(path), { recursive: true });
			const temporary = `${path}.${process.pid}.tmp`;
			await writeFile(temporary, bytes);
			await rename(temporary, path);
		},
	};
}

/** Loads and saves snapshots; a missing, corrupt or out-of-date cache reads as empty, never as an error. */
export class SnapshotCache {
	constructor(private readonly store: BytesStore, readonly engine: string) {}

	private get tag(): string {
		return `${RECORD_SCHEMA}:${this.engine}`;
	}

	/** The stored snapshot, or an empty one. */
	async load(): Promise<CacheSnapshot> {
		const empty: CacheSnapshot = { engine: this.tag, files: {}, summaries: {} };
		const bytes = await this.store.read();
		if (!bytes) return empty;
		try {
			const parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as CacheSnapshot;
			if (parsed.engine !== this.tag || typeof parsed.files !== 'object' || typeof parsed.summaries !== 'object') return empty;
			return parsed;
		} catch {
			return empty;
		}
	}

	/** Stores the snapshot. */
	async save(files: Record<string, FileStamp>, summaries: Record<string, EncodedSummary>): Promise<void> {
		const snapshot: CacheSnapshot = { engine: this.tag, files, summaries };
		await this.store.write(Buffer.from(JSON.stringify(snapshot), 'utf8'));
	}
}

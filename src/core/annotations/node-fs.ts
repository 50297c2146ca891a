/** The store's FileSystem on Node's fs, with fsync so that a crash after a save keeps the new content. */
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileSystem } from './store';

/** Node implementation used by the CLI, the tests and the benchmark (the extension uses vscode.workspace.fs). */
export const nodeFileSystem: FileSystem = {
	async readFile(path) {
		try {
			const handle = await open(path, 'r');
			try {
				return new Uint8Array(await handle.readFile());
			} finally {
				await handle.close();
			}
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw error;
		}
	},
	async writeFile(path, data) {
		const handle = await open(path, 'w');
		try {
			await handle.writeFile(data);
			await handle.sync();
		} finally {
			await handle.close();
		}
	},
	async rename(from, to) {
		await rename(from, to);
		// Persist the directory entry too; not supported everywhere (Windows), where the rename alone must do.
		try {
			const dir = await open(dirname(to), 'r');
			try {
				await dir.sync();
			} finally {
				await dir.close();
			}
		} catch {
			// Best effort.
		}
	},
	async delete(path) {
		await rm(path, { force: true });
	},
};

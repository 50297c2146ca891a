/** The store's FileSystem on Node's fs; the temporary file is fsynced before the rename so a power cut cannot leave it empty. */
import { open, rename, rm } from 'node:fs/promises';
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
		// The directory is not fsynced: after a power cut that only risks the previous (complete) version
		// reappearing, never a truncated file, and it would double the I/O wait of every save.
		await rename(from, to);
	},
	async delete(path) {
		await rm(path, { force: true });
	},
};

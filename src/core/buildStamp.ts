import { statSync } from 'node:fs';

/**
 * Identity of the engine build for the record cache: the version plus the modification time of the running
 * bundle (`file`, normally the caller's `__filename`), so a rebuilt or reinstalled engine re-analyses instead of
 * trusting records an older build made. Falls back to the version alone when the file cannot be read.
 */
export function buildStamp(version: string, file: string): string {
	try {
		return `${version}:${statSync(file).mtimeMs}`;
	} catch {
		return version;
	}
}

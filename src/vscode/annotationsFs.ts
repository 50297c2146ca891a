import * as vscode from 'vscode';
import { nodeFileSystem } from '../core/annotations/node-fs';
import type { FileProblem } from '../core/annotations/model';
import { readSettled as readSettledCore, type FileSystem } from '../core/annotations/store';

/**
 * The annotation store's file system on `vscode.workspace.fs`, so sidecars work in remote and web hosts too.
 * Paths are the URI path component (decoded, `/`-separated) of one scheme and authority: the store appends
 * the sidecar suffix and builds sibling temporary names on them, which must not see percent-encoding
 * (a document named "press release.txt" gets "press release.txt.annotations.yaml").
 *
 * Local files (`file:` URIs, on the extension host's machine) are written and renamed with Node's fs instead:
 * `workspace.fs.rename` with `overwrite` deletes the target before renaming onto it, so a reader (or a crash)
 * between the two steps would find no sidecar at all; a POSIX rename replaces the file atomically, and the
 * Node implementation flushes the data before the rename.
 */
export class WorkspaceFileSystem implements FileSystem {
	constructor(private readonly base: vscode.Uri) {}

	/** The URI of a path of this file system. */
	uriOf(path: string): vscode.Uri {
		return this.base.with({ path, query: '', fragment: '' });
	}

	async readFile(path: string): Promise<Uint8Array | undefined> {
		try {
			return await vscode.workspace.fs.readFile(this.uriOf(path));
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw error;
		}
	}

	async writeFile(path: string, data: Uint8Array): Promise<void> {
		if (this.isLocal) await nodeFileSystem.writeFile(this.uriOf(path).fsPath, data);
		else await vscode.workspace.fs.writeFile(this.uriOf(path), data);
	}

	async rename(from: string, to: string): Promise<void> {
		if (this.isLocal) await nodeFileSystem.rename(this.uriOf(from).fsPath, this.uriOf(to).fsPath);
		else await vscode.workspace.fs.rename(this.uriOf(from), this.uriOf(to), { overwrite: true });
	}

	private get isLocal(): boolean {
		return this.base.scheme === 'file';
	}

	async delete(path: string): Promise<void> {
		try {
			await vscode.workspace.fs.delete(this.uriOf(path));
		} catch (error) {
			if (!isNotFound(error)) throw error;
		}
	}
}

/**
 * Reads a file that a file event announced, repeating an empty or missing read once after a short wait
 * (writers that truncate, or delete then rename, leave such a moment); see the core readSettled.
 */
export function readSettled(read: () => Promise<Uint8Array | undefined>): Promise<Uint8Array | undefined> {
	return readSettledCore(read);
}

/** True for "file not found" from `vscode.workspace.fs` (checked by code: providers differ in the message). */
export function isNotFound(error: unknown): boolean {
	return error instanceof vscode.FileSystemError ? error.code === 'FileNotFound' : (error as { code?: string } | undefined)?.code === 'FileNotFound' || (error as { code?: string } | undefined)?.code === 'ENOENT';
}

/** A core problem (1-based line and column) as a Problems-panel diagnostic (0-based range). */
export function problemDiagnostic(problem: FileProblem): vscode.Diagnostic {
	const start = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
	const endLine = problem.endLine !== undefined ? Math.max(0, problem.endLine - 1) : start.line;
	const endColumn = problem.endColumn !== undefined ? Math.max(0, problem.endColumn - 1) : start.character;
	let end = new vscode.Position(endLine, endColumn);
	// A zero-width range is hard to see; mark at least one character.
	if (!end.isAfter(start)) end = start.translate(0, 1);
	const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, vscode.DiagnosticSeverity.Error);
	diagnostic.source = 'Corroborate';
	return diagnostic;
}

/** "file:line:column: message" for messages and the log. */
export function describeProblem(problem: FileProblem, displayPath: string): string {
	return `${displayPath}:${problem.line}:${problem.column}: ${problem.message}`;
}

// Helpers for integration tests running inside a real VS Code extension host (code-server here,
// desktop VS Code under @vscode/test-electron). The workspace is a throw-away copy of seeds/, so tests
// may write files (sidecars) there freely.
//
// Writing an integration test: add test/integration/NAME.test.ts (mocha BDD: describe/it, plain
// node:assert), import from './support/host', and run `npm run test:integration` (or only your file:
// `node scripts/run-integration.mjs --step main --files NAME.test.js`). Every *.test.js under
// out/test/integration is picked up. Files run in name order in ONE window, so close what you open
// (closeAllEditors) and do not rely on state left by another file.
// Screenshots: `await screenshot('my-name')` returns the PNG path under test-results/screenshots/, or
// undefined when no driver can take one (desktop runs): guard with canScreenshot().
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CorroborateApi } from '../../../src/vscode/context';

export { requestScreenshot as screenshot, canScreenshot } from './channel';

/** The extension's identifier: publisher.name from package.json. */
export const EXTENSION_ID = 'corroborate.corroborate';

/** The Corroborate extension as VS Code sees it; fails when it is not installed or loaded. */
export function corroborateExtension(): vscode.Extension<CorroborateApi> {
	const extension = vscode.extensions.getExtension<CorroborateApi>(EXTENSION_ID);
	assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this host`);
	return extension;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it returns a truthy value and returns it; fails with `message` after `timeoutMs`. */
export async function waitFor<T>(condition: () => T | Promise<T>, message: string, timeoutMs = 10000, intervalMs = 50): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await condition();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${message}`);
		await sleep(intervalMs);
	}
}

/** The workspace folder: a temporary copy of seeds/. */
export function workspaceFolder(): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'no workspace folder is open (the harness opens a copy of seeds/)');
	return folder.uri;
}

/** The seed documents (*.txt at the workspace root), sorted by name. */
export async function seedUris(): Promise<vscode.Uri[]> {
	const root = workspaceFolder();
	const entries = await vscode.workspace.fs.readDirectory(root);
	const names = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.txt')).map(([name]) => name).sort();
	assert.ok(names.length > 0, `no seed .txt files in ${root.toString()}`);
	return names.map((name) => vscode.Uri.joinPath(root, name));
}

/** Opens a seed by index (in name order) or by file name and shows it in an editor. */
export async function openSeed(which: number | string = 0): Promise<vscode.TextEditor> {
	const uris = await seedUris();
	const uri = typeof which === 'number' ? uris[which] : uris.find((candidate) => candidate.path.endsWith(`/${which}`));
	assert.ok(uri, `no seed ${JSON.stringify(which)} among ${uris.map((u) => u.path).join(', ')}`);
	const document = await vscode.workspace.openTextDocument(uri);
	return vscode.window.showTextDocument(document, { preview: false });
}

/** Waits until the extension is active (activation is triggered by opening a plaintext or markdown document) and returns its API. */
export async function waitForActivation(timeoutMs = 15000): Promise<CorroborateApi> {
	const extension = corroborateExtension();
	await waitFor(() => extension.isActive, `${EXTENSION_ID} did not activate`, timeoutMs);
	return extension.exports;
}

/** Opens a seed, waits for activation and returns both. */
export async function openSeedAndActivate(which: number | string = 0): Promise<{ editor: vscode.TextEditor; api: CorroborateApi }> {
	const editor = await openSeed(which);
	const api = await waitForActivation();
	return { editor, api };
}

/** Closes every editor, so the next test starts from an empty window. */
export async function closeAllEditors(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

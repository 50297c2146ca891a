// First integration tests: prove the harness runs the real extension in a real VS Code host.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { canScreenshot, closeAllEditors, corroborateExtension, openSeedAndActivate, screenshot, waitForActivation } from './support/host';

describe('Corroborate in a real VS Code extension host', () => {
	it('runs inside VS Code 1.100', () => {
		assert.match(vscode.version, /^1\.100\./);
	});

	it('activates when a seed document is opened and returns its API', async () => {
		const { editor, api } = await openSeedAndActivate(0);
		assert.equal(corroborateExtension().isActive, true);
		assert.equal(editor.document.languageId, 'plaintext');
		assert.equal(typeof api.analysisOf, 'function');
		const analysis = api.analysisOf(editor.document);
		assert.ok(Array.isArray(analysis.entities) && Array.isArray(analysis.claims) && Array.isArray(analysis.boilerplate));
	});

	it('contributes a summary command that returns the active document\'s counts', async () => {
		const { editor, api } = await openSeedAndActivate(1);
		const commands = await vscode.commands.getCommands(true);
		assert.ok(commands.includes('corroborate.showDocumentSummary'));
		const summary = await vscode.commands.executeCommand<{ entities: number; claims: number; boilerplate: number }>('corroborate.showDocumentSummary');
		const analysis = api.analysisOf(editor.document);
		assert.deepEqual(summary, { entities: analysis.entities.length, claims: analysis.claims.length, boilerplate: analysis.boilerplate.length });
		// The real engine ran on the seed (not an empty stub): 001 names Putin and reports dozens of figures.
		assert.ok(summary && summary.entities >= 100 && summary.claims >= 15, `counts ${JSON.stringify(summary)}`);
		assert.ok(analysis.entities.some((e) => e.type === 'PERSON' && e.canonical === 'Vladimir Putin'), 'Vladimir Putin is found in seed 001');
	});

	it('summary command returns nothing when no editor is open', async () => {
		await waitForActivation();
		await closeAllEditors();
		assert.equal(await vscode.commands.executeCommand('corroborate.showDocumentSummary'), undefined);
	});

	it('writes a screenshot of the window with a seed open', async function () {
		if (!canScreenshot()) this.skip(); // no driver outside code-server (e.g. @vscode/test-electron)
		await openSeedAndActivate(0);
		const png = await screenshot('activation-seed-open');
		assert.ok(png);
		const bytes = readFileSync(png);
		assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
		assert.ok(bytes.length > 10000, `PNG suspiciously small (${bytes.length} bytes)`);
	});
});

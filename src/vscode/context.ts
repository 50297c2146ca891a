import * as vscode from 'vscode';
import { analyze } from '../core/analyze';
import type { Analysis } from '../core/types';
import { type EditorApi, EditorFeatures } from './editorFeatures';

/** What `activate` returns: used by integration tests and by other extensions. */
export interface CorroborateApi {
	/** The analysis of a document (cached by URI and version). */
	analysisOf(document: vscode.TextDocument): Analysis;
	/** Highlights, hovers, views, conflicts and the corpus index (set once activation has built them). */
	editor?: EditorApi;
}

/** Owns the log channel, the analysis cache and every registration. */
export class CorroborateContext implements vscode.Disposable {
	readonly log = vscode.window.createOutputChannel('Corroborate', { log: true });
	private readonly disposables: vscode.Disposable[] = [this.log];
	private readonly cache = new Map<string, { version: number; analysis: Analysis }>();
	readonly api: CorroborateApi = { analysisOf: (document) => this.analysisOf(document) };

	constructor(readonly extensionContext: vscode.ExtensionContext) {
		extensionContext.subscriptions.push(this);
		this.disposables.push(
			vscode.commands.registerCommand('corroborate.showDocumentSummary', () => this.showDocumentSummary()),
			vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
		);
		const editorFeatures = new EditorFeatures((document) => this.analysisOf(document), this.log);
		this.disposables.push(editorFeatures);
		this.api.editor = editorFeatures.api;
		this.log.info(`Corroborate activated in VS Code ${vscode.version}`);
	}

	/** Analysis of a document, recomputed only when its version changes. */
	analysisOf(document: vscode.TextDocument): Analysis {
		const key = document.uri.toString();
		const cached = this.cache.get(key);
		if (cached && cached.version === document.version) return cached.analysis;
		const analysis = analyze(document.getText());
		this.cache.set(key, { version: document.version, analysis });
		return analysis;
	}

	/** Command: summarises the active document's analysis; returns the counts for scripts and tests. */
	private showDocumentSummary(): { entities: number; claims: number; boilerplate: number } | undefined {
		const editor = vscode.window.activeTextEditor;
		if (!editor) {
			void vscode.window.showInformationMessage('Corroborate: open a document to summarise.');
			return undefined;
		}
		const analysis = this.analysisOf(editor.document);
		const summary = { entities: analysis.entities.length, claims: analysis.claims.length, boilerplate: analysis.boilerplate.length };
		void vscode.window.showInformationMessage(`Corroborate: ${summary.entities} entities, ${summary.claims} claims, ${summary.boilerplate} page-chrome ranges.`);
		return summary;
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

import * as vscode from 'vscode';
import { analyze } from '../core/analyze';
import type { Analysis, EntityType } from '../core/types';
import { type AnnotationsApi, AnnotationFeatures } from './annotationsFeature';
import { documentLength, emptyAnalysis, MAX_LIVE_ANALYSIS_LENGTH } from './decorations';
import { type EditorApi, EditorFeatures } from './editorFeatures';
import { RegistryService } from './registryCommands';

/** What `activate` returns: used by integration tests and by other extensions. */
export interface CorroborateApi {
	/** The analysis of a document (cached by URI and version). */
	analysisOf(document: vscode.TextDocument): Analysis;
	/** Highlights, hovers, views, conflicts and the corpus index (set once activation has built them). */
	editor?: EditorApi;
	/** Annotations (sidecars, comment threads, commands) and the entity registry (issue 4). */
	annotations?: AnnotationsApi;
}

/** Owns the log channel, the analysis cache and every registration. */
export class CorroborateContext implements vscode.Disposable {
	readonly log = vscode.window.createOutputChannel('Corroborate', { log: true });
	private readonly disposables: vscode.Disposable[] = [this.log];
	private readonly cache = new Map<string, { version: number; registry: number; published: string | undefined; analysis: Analysis }>();
	/** The workspace entity registry, applied by every analysis. */
	private readonly registry = new RegistryService(this.log);
	readonly api: CorroborateApi = { analysisOf: (document) => this.analysisOf(document) };

	constructor(readonly extensionContext: vscode.ExtensionContext) {
		extensionContext.subscriptions.push(this);
		this.disposables.push(
			vscode.commands.registerCommand('corroborate.showDocumentSummary', () => this.showDocumentSummary()),
			vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
		);
		const editorFeatures = new EditorFeatures((document) => this.analysisOf(document), this.log, extensionContext);
		this.disposables.push(editorFeatures);
		this.api.editor = editorFeatures.api;
		const annotations = new AnnotationFeatures((document) => this.analysisOf(document), this.registry, () => knownEntities(editorFeatures.api), this.log);
		this.disposables.push(this.registry, annotations);
		this.api.annotations = annotations.api;
		editorFeatures.useAnnotations(annotations.api.service);
		// A publication date set in a sidecar is an input of the engine too (dates in claims resolve against it).
		this.disposables.push(annotations.api.service.onDidChange((uri) => {
			const cached = this.cache.get(uri.toString());
			if (!cached || cached.published === annotations.api.service.metadataOf(uri)?.published) return;
			for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) editorFeatures.api.refreshDecorations(editor.document);
		}));
		// A registry change is a change of the engine's input: analyse open documents and the corpus again.
		editorFeatures.api.corpus.index.setRegistry(this.registry.current);
		this.disposables.push(this.registry.onDidChange(() => {
			this.cache.clear();
			editorFeatures.api.corpus.index.setRegistry(this.registry.current);
			for (const editor of vscode.window.visibleTextEditors) editorFeatures.api.refreshDecorations(editor.document);
			void editorFeatures.api.corpus.reindex();
		}));
		this.log.info(`Corroborate activated in VS Code ${vscode.version}`);
	}

	/** Analysis of a document, recomputed only when its version changes. */
	analysisOf(document: vscode.TextDocument): Analysis {
		// Too long to analyse on this thread without freezing every extension: callers get an empty analysis.
		if (documentLength(document) > MAX_LIVE_ANALYSIS_LENGTH) return emptyAnalysis();
		const key = document.uri.toString();
		const cached = this.cache.get(key);
		const published = this.api.annotations?.service.metadataOf(document.uri)?.published;
		if (cached && cached.version === document.version && cached.registry === this.registry.generation && cached.published === published) return cached.analysis;
		const analysis = analyze(document.getText(), { registry: this.registry.current, published });
		this.cache.set(key, { version: document.version, registry: this.registry.generation, published, analysis });
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

/** Canonical entity names of the corpus with their types (choices for "Merge with…"). */
function knownEntities(editor: EditorApi): { canonical: string; type: EntityType }[] {
	return editor.corpus.index.entityTree().flatMap(({ type, entities }) => entities.map(({ canonical }) => ({ canonical, type })));
}

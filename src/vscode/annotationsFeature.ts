import * as vscode from 'vscode';
import type { AnnotationKind } from '../core/annotations/model';
import type { Analysis, EntityType } from '../core/types';
import { AnnotationService } from './annotations';
import { AnnotationCommands } from './annotationsCommands';
import { AnnotationDecorations } from './annotationsDecorations';
import { AnnotationsTreeProvider } from './annotationsView';
import { AnnotationComments } from './comments';
import type { RegistryService } from './registryCommands';
import { RegistryCommands } from './registryCommands';

/** What the annotation features expose through the API object `activate` returns (integration tests use it). */
export interface AnnotationsApi {
	/** Sidecars, anchors, loading and saving. */
	service: AnnotationService;
	/** The comment threads of a document. */
	threadsOf(uri: vscode.Uri): vscode.CommentThread[];
	/** Every live thread of the controller on a document (equal to threadsOf unless a thread leaked). */
	liveThreadsOf(uri: vscode.Uri): vscode.CommentThread[];
	/** The comment controller (tests create gutter threads on it, as the editor does). */
	comments: vscode.CommentController;
	/** Annotation ranges last decorated in an editor, per kind. */
	decorationsOf(editor: vscode.TextEditor): Record<AnnotationKind, vscode.Range[]> | undefined;
	/** Redecorates a document's editors now. */
	refreshDecorations(uri: vscode.Uri): void;
	/** The Annotations view's data provider. */
	tree: AnnotationsTreeProvider;
	/** The workspace entity registry. */
	registry: RegistryService;
}

/**
 * The editor side of analyst annotations (issue 4): sidecar service, decorations, comment threads, commands,
 * the Annotations view, and the entity-registry commands.
 */
export class AnnotationFeatures implements vscode.Disposable {
	readonly api: AnnotationsApi;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		engineAnalysisOf: (document: vscode.TextDocument) => Analysis,
		registry: RegistryService,
		knownEntities: () => { canonical: string; type: EntityType }[],
		log: vscode.LogOutputChannel,
	) {
		// Annotations must keep working when the engine fails on a document: they only use its spans as hints.
		const failed = new Set<string>();
		const analysisOf = (document: vscode.TextDocument): Analysis => {
			try {
				return engineAnalysisOf(document);
			} catch (error) {
				const key = `${document.uri.toString()}@${document.version}`;
				if (!failed.has(key)) {
					if (failed.size > 1000) failed.clear();
					failed.add(key);
					log.error(`Analysing ${document.uri.toString(true)} failed; annotations work without the engine's spans`, error);
				}
				return { entities: [], claims: [], numbers: [], boilerplate: [], published: null };
			}
		};
		const service = new AnnotationService(log);
		const decorations = new AnnotationDecorations(service, analysisOf);
		const comments = new AnnotationComments(service, log);
		const commands = new AnnotationCommands(service, analysisOf);
		const tree = new AnnotationsTreeProvider(service);
		const view = vscode.window.createTreeView('corroborate.annotations', { treeDataProvider: tree, showCollapseAll: true });
		const registryCommands = new RegistryCommands(registry, analysisOf, knownEntities);
		this.disposables.push(service, decorations, comments, commands, tree, view, registryCommands);
		void service.checkWorkspaceSidecars().catch((error: unknown) => log.error('Checking the workspace sidecars failed', error));
		this.api = {
			service,
			threadsOf: (uri) => comments.threadsOf(uri),
			liveThreadsOf: (uri) => comments.liveThreadsOf(uri),
			comments: comments.controller,
			decorationsOf: (editor) => decorations.rangesOf(editor),
			refreshDecorations: (uri) => decorations.refresh(uri),
			tree,
			registry,
		};
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
	}
}

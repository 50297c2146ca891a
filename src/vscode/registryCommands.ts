import * as vscode from 'vscode';
import type { FileProblem } from '../core/annotations/model';
import { writeFileAtomic } from '../core/annotations/store';
import { decodeYaml } from '../core/annotations/safe-yaml';
import { EMPTY_REGISTRY, REGISTRY_FILE, markAsEntity, mergeEntities, parseRegistry, suppressEntity, type Registry, type RegistryEdit } from '../core/registry';
import type { Analysis, EntityMention, EntityType } from '../core/types';
import { WorkspaceFileSystem, describeProblem, problemDiagnostic, readSettled } from './annotationsFs';
import { entityTypeLabel, targetAt } from './present';

const ENTITY_TYPES: readonly EntityType[] = ['PERSON', 'ORG', 'PLACE', 'NORP'];

/**
 * The workspace entity registry (`corroborate.entities.yaml` at the root of the first workspace folder): loaded
 * at start and whenever the file changes (on disk or in an editor), reported in the Problems panel when malformed.
 * While it is malformed the last valid registry stays in force and the file is never written.
 */
export class RegistryService implements vscode.Disposable {
	private registry: Registry = EMPTY_REGISTRY;
	private problemsNow: FileProblem[] = [];
	private textNow: string | undefined;
	private readonly diagnostics = vscode.languages.createDiagnosticCollection('corroborate.registry');
	private readonly changed = new vscode.EventEmitter<Registry>();
	/** Fires when the registry in force changed (the engine must analyse again). */
	readonly onDidChange = this.changed.event;
	private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];
	private loading: Promise<void> = Promise.resolve();
	private reloadTimer: ReturnType<typeof setTimeout> | undefined;
	/** Bumped on every change of the registry in force; part of the analysis cache key. */
	generation = 0;

	constructor(private readonly log: vscode.LogOutputChannel) {
		const folder = vscode.workspace.workspaceFolders?.[0];
		if (folder) {
			const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, REGISTRY_FILE));
			this.disposables.push(watcher, watcher.onDidCreate(() => this.reloadSoon()), watcher.onDidChange(() => this.reloadSoon()), watcher.onDidDelete(() => this.reloadSoon()));
		}
		this.disposables.push(
			vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
			vscode.workspace.onDidChangeTextDocument((event) => {
				if (this.isRegistry(event.document.uri) && event.contentChanges.length > 0) this.checkText(event.document.getText(), event.document.uri);
			}),
		);
		this.reload();
	}

	/** The registry file's URI (undefined without a workspace folder). */
	get uri(): vscode.Uri | undefined {
		const folder = vscode.workspace.workspaceFolders?.[0];
		return folder ? vscode.Uri.joinPath(folder.uri, REGISTRY_FILE) : undefined;
	}

	/** The registry in force. */
	get current(): Registry {
		return this.registry;
	}

	/** Problems of the file on disk (empty when it is valid or absent). */
	get problems(): FileProblem[] {
		return this.problemsNow;
	}

	/** Resolves when the latest load has finished. */
	async ready(): Promise<void> {
		while (this.reloadTimer !== undefined) await new Promise((resolve) => setTimeout(resolve, FILE_EVENT_DELAY_MS));
		await this.loading;
	}

	private isRegistry(uri: vscode.Uri): boolean {
		return this.uri?.toString() === uri.toString();
	}

	/**
	 * Re-reads the file after a short quiet time: a write by another program can be seen half done (even empty),
	 * and an empty registry would silently drop every correction until the next event.
	 */
	private reloadSoon(): void {
		if (this.reloadTimer !== undefined) clearTimeout(this.reloadTimer);
		this.reloadTimer = setTimeout(() => {
			this.reloadTimer = undefined;
			void this.reload();
		}, FILE_EVENT_DELAY_MS);
	}

	/** Re-reads the file now (serialised, so that a burst of events ends with the latest content). */
	reload(): Promise<void> {
		this.loading = this.loading.then(() => this.load()).catch((error: unknown) => this.log.error('Reading the entity registry failed', error));
		return this.loading;
	}

	private async load(): Promise<void> {
		const uri = this.uri;
		if (!uri) return this.apply(undefined, EMPTY_REGISTRY, []);
		const fs = new WorkspaceFileSystem(uri);
		const bytes = await readSettled(() => fs.readFile(uri.path));
		if (bytes === undefined) return this.apply(undefined, EMPTY_REGISTRY, []);
		const decoded = decodeYaml(bytes, uri.path);
		if (!decoded.ok) return this.apply(undefined, this.registry, decoded.problems);
		const parsed = parseRegistry(decoded.text, uri.path);
		if (!parsed.ok) return this.apply(decoded.text, this.registry, parsed.problems);
		this.apply(decoded.text, parsed.registry, []);
	}

	private apply(text: string | undefined, registry: Registry, problems: FileProblem[]): void {
		const uri = this.uri;
		this.textNow = text;
		this.problemsNow = problems;
		if (uri) {
			if (problems.length > 0) {
				this.diagnostics.set(uri, problems.map(problemDiagnostic));
				for (const problem of problems) this.log.warn(`Malformed entity registry (the last valid one stays in force): ${describeProblem(problem, REGISTRY_FILE)}`);
			} else this.diagnostics.delete(uri);
		}
		if (JSON.stringify(registry) === JSON.stringify(this.registry)) return;
		this.registry = registry;
		this.generation++;
		this.log.info(`Entity registry: ${registry.entities.length} entities, ${registry.suppress.length} suppressions`);
		this.changed.fire(registry);
	}

	/** Live diagnostics while the registry is edited in the editor (unsaved); the registry in force changes on save. */
	private checkText(text: string, uri: vscode.Uri): void {
		const parsed = parseRegistry(text, uri.path);
		if (parsed.ok) this.diagnostics.delete(uri);
		else this.diagnostics.set(uri, parsed.problems.map(problemDiagnostic));
	}

	/** Applies an edit to the registry file and writes it atomically; refuses while the file is malformed. */
	async edit(change: (text: string | undefined) => RegistryEdit): Promise<{ ok: true } | { ok: false; message: string }> {
		const uri = this.uri;
		if (!uri) return { ok: false, message: 'open a folder first: the entity registry lives at the root of the workspace' };
		await this.ready();
		const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
		if (open?.isDirty) return { ok: false, message: `${REGISTRY_FILE} has unsaved changes; save or revert them first` };
		const fs = new WorkspaceFileSystem(uri);
		const bytes = await fs.readFile(uri.path);
		let text: string | undefined;
		if (bytes !== undefined) {
			const decoded = decodeYaml(bytes, uri.path);
			if (!decoded.ok) return { ok: false, message: brokenRegistry(decoded.problems) };
			text = decoded.text;
		}
		const result = change(text);
		if (!result.ok) {
			this.apply(text, this.registry, result.problems);
			return { ok: false, message: brokenRegistry(result.problems) };
		}
		await writeFileAtomic(fs, uri.path, new TextEncoder().encode(result.text));
		await this.reload();
		return { ok: true };
	}

	dispose(): void {
		if (this.reloadTimer !== undefined) clearTimeout(this.reloadTimer);
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

/** Quiet time after a file event before the file is read (writers are not atomic). */
const FILE_EVENT_DELAY_MS = 120;

function brokenRegistry(problems: readonly FileProblem[]): string {
	const first = problems[0];
	return `${REGISTRY_FILE} is malformed${first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : ''}; fix it first — it is left unchanged`;
}

/** Arguments of the registry commands (tests and scripts pass them to skip the prompts). */
export interface RegistryCommandArgs {
	/** The entity's text; default: the selection or the entity at the cursor. */
	name?: string;
	type?: EntityType;
	/** Mark as Entity: the canonical name the text is an alias of (default: the text itself). */
	canonical?: string;
	/** Merge with…: the alias (default: name). */
	alias?: string;
}

/** "Mark as Entity…", "Not an Entity" and "Merge with…": write the registry, which the engine applies on the next analysis. */
export class RegistryCommands implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[];

	constructor(
		private readonly registry: RegistryService,
		private readonly analysisOf: (document: vscode.TextDocument) => Analysis,
		private readonly knownEntities: () => { canonical: string; type: EntityType }[],
	) {
		this.disposables = [
			vscode.commands.registerCommand('corroborate.markAsEntity', (args?: unknown) => this.markAsEntity(argsOf(args))),
			vscode.commands.registerCommand('corroborate.notAnEntity', (args?: unknown) => this.notAnEntity(argsOf(args))),
			vscode.commands.registerCommand('corroborate.mergeEntity', (args?: unknown) => this.mergeWith(argsOf(args))),
		];
	}

	/** The text the command is about, and the engine's mention there (if any). */
	private subject(args: RegistryCommandArgs | undefined): { name: string; mention?: EntityMention } | undefined {
		const editor = vscode.window.activeTextEditor;
		const mention = editor ? entityAtCursor(editor, this.analysisOf(editor.document)) : undefined;
		const named = args?.alias ?? args?.name;
		if (named) return { name: named, mention: mention && mention.text === named ? mention : undefined };
		if (editor && !editor.selection.isEmpty) {
			const text = editor.document.getText(editor.selection).replace(/\s+/g, ' ').trim();
			if (text) return { name: text, mention: mention && mention.text === text ? mention : undefined };
		}
		return mention ? { name: mention.text, mention } : undefined;
	}

	private async markAsEntity(args: RegistryCommandArgs | undefined): Promise<boolean> {
		const subject = this.subject(args);
		if (!subject) return failed('select the name to mark as an entity.');
		let type = args?.type;
		let canonical = args?.canonical;
		if (!args) {
			const picked = await vscode.window.showQuickPick(
				ENTITY_TYPES.map((t) => ({ label: entityTypeLabel(t), description: t, picked: t === subject.mention?.type, type: t })),
				{ title: `Mark \u201c${subject.name}\u201d as Entity (1/2): type`, placeHolder: subject.mention ? `The engine says ${entityTypeLabel(subject.mention.type)}` : 'What kind of entity is it?', ignoreFocusOut: true },
			);
			if (!picked) return false;
			type = picked.type;
			const answer = await vscode.window.showInputBox({ title: `Mark \u201c${subject.name}\u201d as Entity (2/2): canonical name`, value: subject.mention?.canonical ?? subject.name, prompt: 'The name it is listed under; a different name makes the text an alias', ignoreFocusOut: true });
			if (answer === undefined) return false;
			canonical = answer.trim() || subject.name;
		}
		if (!type) return failed('choose the entity type (PERSON, ORG, PLACE or NORP).');
		const chosenType = type;
		return this.write((text) => markAsEntity(text, subject.name, chosenType, canonical ?? subject.name), `\u201c${subject.name}\u201d is now ${canonical && canonical !== subject.name ? `an alias of ${canonical}` : `an entity`} (${chosenType}).`);
	}

	private async notAnEntity(args: RegistryCommandArgs | undefined): Promise<boolean> {
		const subject = this.subject(args);
		if (!subject) return failed('put the cursor on the highlighted name (or select it) first.');
		return this.write((text) => suppressEntity(text, subject.name, args?.type), `\u201c${subject.name}\u201d will no longer be treated as an entity.`);
	}

	private async mergeWith(args: RegistryCommandArgs | undefined): Promise<boolean> {
		const subject = this.subject(args);
		if (!subject) return failed('put the cursor on the entity to merge (or select it) first.');
		let canonical = args?.canonical;
		if (!args) {
			const type = subject.mention?.type;
			const candidates = this.knownEntities().filter((entity) => entity.canonical !== subject.name && entity.canonical !== subject.mention?.canonical && (!type || entity.type === type));
			type Item = vscode.QuickPickItem & { canonical?: string };
			const items: Item[] = candidates.map((entity) => ({ label: entity.canonical, description: entityTypeLabel(entity.type), canonical: entity.canonical }));
			const picked = await vscode.window.showQuickPick<Item>(items, { title: `Merge \u201c${subject.name}\u201d with\u2026`, placeHolder: 'The entity it is another name of', ignoreFocusOut: true, matchOnDescription: true });
			if (!picked) return false;
			canonical = picked.canonical;
		}
		if (!canonical) return failed('name the entity to merge with.');
		const target = canonical;
		return this.write((text) => mergeEntities(text, subject.name, target, args?.type), `\u201c${subject.name}\u201d is now another name of ${target}.`);
	}

	private async write(change: (text: string | undefined) => RegistryEdit, done: string): Promise<boolean> {
		const result = await this.registry.edit(change);
		if (!result.ok) return failed(result.message);
		void vscode.window.showInformationMessage(`Corroborate: ${done}`, `Open ${REGISTRY_FILE}`).then((choice) => {
			if (choice && this.registry.uri) void vscode.window.showTextDocument(this.registry.uri);
		});
		return true;
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

function argsOf(value: unknown): RegistryCommandArgs | undefined {
	if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return undefined;
	return value as RegistryCommandArgs;
}

function entityAtCursor(editor: vscode.TextEditor, analysis: Analysis): EntityMention | undefined {
	const target = targetAt(analysis, editor.document.offsetAt(editor.selection.active));
	return target?.kind === 'entity' ? target.entity : undefined;
}

function failed(message: string): false {
	void vscode.window.showErrorMessage(`Corroborate: ${message}`);
	return false;
}

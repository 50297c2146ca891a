import * as vscode from 'vscode';
import type { Conflict } from '../core/conflicts';
import type { ClaimRef } from '../core/quantities';
import type { WorkspaceCorpus } from './corpus';
import { fileName } from './hovers';
import { claimInWords, formatDate, lineStarts, positionIn } from './present';
import type { RevealArgs } from './views';

/** Diagnostic code of a conflicting figure. */
export const CONFLICT_CODE = 'conflicting-figure';

/** Options of `corroborate.findConflicts` (scripts and tests pass `{ quickPick: false }`). */
export interface FindConflictsOptions {
	quickPick?: boolean;
}

/** What `corroborate.findConflicts` returns. */
export interface ConflictReport {
	/** Quantities whose figures cannot all be true at the same time. */
	conflicts: Conflict[];
	/** Quantities whose figures differ but were reported far apart in time. */
	timeShifted: Conflict[];
	/** Problems published (one per conflicting figure). */
	diagnostics: number;
	/** Time taken by the engine to find them, in milliseconds. */
	elapsedMs: number;
}

/**
 * Find Conflicting Figures: waits for the index, then reports each conflict as Problems on every figure
 * (related information points at the other documents' figures), in the Claims view and in a quick pick.
 * Once run, the Problems follow the corpus as it changes, until cleared.
 */
export class ConflictReporter implements vscode.Disposable {
	readonly diagnostics = vscode.languages.createDiagnosticCollection('corroborate');
	private shown = false;
	private publishing: Promise<ConflictReport> | undefined;
	private readonly disposables: vscode.Disposable[] = [this.diagnostics];

	constructor(
		private readonly corpus: WorkspaceCorpus,
		private readonly revealInView: (groupId: string) => Thenable<void>,
	) {
		this.disposables.push(corpus.onDidChange(() => {
			if (this.shown) void this.publish();
		}));
	}

	/** Runs the command. */
	async run(options: FindConflictsOptions = {}): Promise<ConflictReport> {
		await vscode.window.withProgress({ location: { viewId: 'corroborate.claims' } }, () => this.corpus.ready());
		this.shown = true;
		const report = await this.publish();
		void vscode.commands.executeCommand('setContext', 'corroborate.hasConflictResults', true);
		if (report.conflicts.length > 0) void Promise.resolve(this.revealInView(report.conflicts[0].groupId)).then(undefined, () => undefined);
		if (options.quickPick !== false) this.showQuickPick(report);
		return report;
	}

	/** Removes the conflict Problems until the command is run again. */
	clear(): void {
		this.shown = false;
		this.diagnostics.clear();
		void vscode.commands.executeCommand('setContext', 'corroborate.hasConflictResults', false);
	}

	/** Publishes Problems for the current conflicts; serialised so that a slow read never overwrites newer results. */
	private publish(): Promise<ConflictReport> {
		const previous = this.publishing ?? Promise.resolve(undefined);
		const next = previous.then(() => this.publishNow(), () => this.publishNow());
		this.publishing = next;
		return next;
	}

	private async publishNow(): Promise<ConflictReport> {
		const started = performance.now();
		const all = this.corpus.index.conflicts();
		const elapsedMs = performance.now() - started;
		const conflicts = all.filter((c) => c.verdict === 'conflict');
		const timeShifted = all.filter((c) => c.verdict === 'time-shifted');
		// Positions need each document's text: read once per document involved.
		const starts = new Map<string, number[]>();
		for (const conflict of conflicts) {
			for (const ref of conflict.members) {
				if (!starts.has(ref.document)) starts.set(ref.document, lineStarts((await this.corpus.readText(vscode.Uri.parse(ref.document))) ?? ''));
			}
		}
		const rangeOf = (ref: ClaimRef): vscode.Range => {
			const lines = starts.get(ref.document) ?? [0];
			const start = positionIn(lines, ref.claim.start);
			const end = positionIn(lines, ref.claim.end);
			return new vscode.Range(start.line, start.character, end.line, end.character);
		};
		const byUri = new Map<string, vscode.Diagnostic[]>();
		let count = 0;
		for (const conflict of conflicts) {
			conflict.members.forEach((ref, index) => {
				const opposed = conflict.pairs.filter((pair) => pair.relation === 'conflict' && (pair.a === index || pair.b === index)).map((pair) => conflict.members[pair.a === index ? pair.b : pair.a]);
				if (opposed.length === 0) return;
				const diagnostic = new vscode.Diagnostic(
					rangeOf(ref),
					`Conflicting figures for "${conflict.quantity}": ${describe(ref)} here, but ${opposed.map((other) => `${describe(other)} in ${fileName(vscode.Uri.parse(other.document))}`).join('; ')}`,
					vscode.DiagnosticSeverity.Warning,
				);
				diagnostic.source = 'Corroborate';
				diagnostic.code = CONFLICT_CODE;
				diagnostic.relatedInformation = opposed.map((other) => new vscode.DiagnosticRelatedInformation(
					new vscode.Location(vscode.Uri.parse(other.document), rangeOf(other)),
					`${describe(other)}${other.published ? `, published ${formatDate(other.published)}` : ''}${other.claim.source ? `, according to ${other.claim.source}` : ''}`,
				));
				const list = byUri.get(ref.document);
				if (list) list.push(diagnostic);
				else byUri.set(ref.document, [diagnostic]);
				count++;
			});
		}
		this.diagnostics.clear();
		if (this.shown) for (const [key, list] of byUri) this.diagnostics.set(vscode.Uri.parse(key), list);
		return { conflicts, timeShifted, diagnostics: count, elapsedMs };
	}

	private showQuickPick(report: ConflictReport): void {
		type Item = vscode.QuickPickItem & { reveal?: RevealArgs };
		const items: Item[] = [];
		for (const conflict of [...report.conflicts, ...report.timeShifted]) {
			items.push({ label: `${conflict.quantity}${conflict.verdict === 'time-shifted' ? ' (time-shifted)' : ''}`, kind: vscode.QuickPickItemKind.Separator });
			const conflicting = new Set(conflict.pairs.filter((pair) => pair.relation === 'conflict').flatMap((pair) => [pair.a, pair.b]));
			for (const [index, ref] of conflict.members.entries()) {
				const uri = vscode.Uri.parse(ref.document);
				items.push({
					label: `${conflicting.has(index) ? '$(error)' : '$(history)'} ${claimInWords(ref.claim)}`,
					description: `${fileName(uri)}:${ref.features.line}`,
					detail: [ref.published ? formatDate(ref.published) : 'date unknown', ref.claim.source ?? 'no source given', `\u201c${ref.claim.text}\u201d`].join(' \u00b7 '),
					reveal: [uri.toString(), ref.claim.start, ref.claim.end],
				});
			}
		}
		if (items.length === 0) {
			void vscode.window.showInformationMessage(`Corroborate: no conflicting figures in ${this.corpus.index.paths().length} documents.`);
			return;
		}
		const pick = vscode.window.createQuickPick<Item>();
		pick.title = `Conflicting figures: ${report.conflicts.length} conflicting, ${report.timeShifted.length} time-shifted`;
		pick.placeholder = 'Choose a figure to open it';
		pick.matchOnDescription = true;
		pick.matchOnDetail = true;
		pick.items = items;
		pick.onDidAccept(() => {
			const reveal = pick.selectedItems[0]?.reveal;
			if (reveal) void vscode.commands.executeCommand('corroborate.revealMention', ...reveal);
			pick.hide();
		});
		pick.onDidHide(() => pick.dispose());
		pick.show();
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

function describe(ref: ClaimRef): string {
	return `"${ref.claim.text.replace(/\s+/g, ' ')}" (${claimInWords(ref.claim)})`;
}

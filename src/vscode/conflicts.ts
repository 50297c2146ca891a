import * as vscode from 'vscode';
import type { WorkspaceCorpus } from './corpus';
import { fileName, lineOf } from './hovers';
import { claimInWords, formatDate, lineStarts, positionIn } from './present';
import type { Figure, QuantityGroup, QuantityService } from './quantities';
import type { RevealArgs } from './views';

/** Diagnostic code of a conflicting figure. */
export const CONFLICT_CODE = 'conflicting-figure';

/** Options of `corroborate.findConflicts` (scripts and tests pass `{ quickPick: false }`). */
export interface FindConflictsOptions {
	quickPick?: boolean;
}

/** What `corroborate.findConflicts` returns. */
export interface ConflictReport {
	conflicts: QuantityGroup[];
	timeShifted: QuantityGroup[];
	diagnostics: number;
}

/**
 * Find Conflicting Figures: waits for the index, then reports each conflict as Problems on every figure
 * (related information points at the other documents' figures), in the Claims view and in a quick pick.
 */
export class ConflictReporter implements vscode.Disposable {
	readonly diagnostics = vscode.languages.createDiagnosticCollection('corroborate');
	private shown = false;
	private readonly disposables: vscode.Disposable[] = [this.diagnostics];

	constructor(
		private readonly corpus: WorkspaceCorpus,
		private readonly quantities: QuantityService,
		private readonly revealInView: (group: QuantityGroup) => Thenable<void>,
	) {
		// Once shown, Problems follow the corpus: stale diagnostics on edited figures would mislead.
		this.disposables.push(quantities.onDidChange(() => {
			if (this.shown) this.publish();
		}));
	}

	/** Runs the command. */
	async run(options: FindConflictsOptions = {}): Promise<ConflictReport> {
		await vscode.window.withProgress({ location: { viewId: 'corroborate.claims' } }, () => this.corpus.ready());
		this.quantities.recompute();
		this.shown = true;
		const report = this.publish();
		void vscode.commands.executeCommand('setContext', 'corroborate.hasConflictResults', true);
		if (report.conflicts.length > 0) void this.revealInView(report.conflicts[0]);
		if (options.quickPick !== false) this.showQuickPick(report);
		return report;
	}

	/** Removes the conflict Problems until the command is run again. */
	clear(): void {
		this.shown = false;
		this.diagnostics.clear();
		void vscode.commands.executeCommand('setContext', 'corroborate.hasConflictResults', false);
	}

	private publish(): ConflictReport {
		const conflicts = this.quantities.conflicts();
		const timeShifted = this.quantities.groups().filter((group) => group.verdict === 'time-shifted');
		const byUri = new Map<string, vscode.Diagnostic[]>();
		const positions = new Map<string, number[]>();
		const rangeOf = (figure: Figure): vscode.Range => {
			const key = figure.uri.toString();
			let starts = positions.get(key);
			if (!starts) positions.set(key, (starts = lineStarts(this.corpus.get(figure.uri)?.text ?? '')));
			const start = positionIn(starts, figure.claim.start);
			const end = positionIn(starts, figure.claim.end);
			return new vscode.Range(start.line, start.character, end.line, end.character);
		};
		let count = 0;
		for (const group of conflicts) {
			group.members.forEach((figure, index) => {
				const opposed = group.conflictingPairs.filter((pair) => pair.includes(index)).map(([a, b]) => (a === index ? b : a));
				if (opposed.length === 0) return;
				const others = opposed.map((i) => group.members[i]);
				const diagnostic = new vscode.Diagnostic(
					rangeOf(figure),
					`Conflicting figures for "${group.quantity}": ${describe(figure)} here, but ${others.map((other) => `${describe(other)} in ${fileName(other.uri)}`).join('; ')}`,
					vscode.DiagnosticSeverity.Warning,
				);
				diagnostic.source = 'Corroborate';
				diagnostic.code = CONFLICT_CODE;
				diagnostic.relatedInformation = others.map((other) => new vscode.DiagnosticRelatedInformation(
					new vscode.Location(other.uri, rangeOf(other)),
					`${describe(other)}${other.published ? `, published ${formatDate(other.published)}` : ''}${other.claim.source ? `, according to ${other.claim.source}` : ''}`,
				));
				const list = byUri.get(figure.uri.toString());
				if (list) list.push(diagnostic);
				else byUri.set(figure.uri.toString(), [diagnostic]);
				count++;
			});
		}
		this.diagnostics.clear();
		for (const [key, list] of byUri) this.diagnostics.set(vscode.Uri.parse(key), list);
		return { conflicts, timeShifted, diagnostics: count };
	}

	private showQuickPick(report: ConflictReport): void {
		type Item = vscode.QuickPickItem & { reveal?: RevealArgs };
		const items: Item[] = [];
		for (const group of [...report.conflicts, ...report.timeShifted]) {
			items.push({ label: `${group.quantity}${group.verdict === 'time-shifted' ? ' (time-shifted)' : ''}`, kind: vscode.QuickPickItemKind.Separator });
			const conflicting = new Set(group.conflictingPairs.flat());
			for (const [index, figure] of group.members.entries()) {
				const text = this.corpus.get(figure.uri)?.text;
				items.push({
					label: `${conflicting.has(index) ? '$(error)' : '$(check)'} ${claimInWords(figure.claim)}`,
					description: `${fileName(figure.uri)}${text ? `:${lineOf(text, figure.claim.start)}` : ''}`,
					detail: [figure.published ? formatDate(figure.published) : 'date unknown', figure.claim.source ?? 'no source given', `\u201c${figure.claim.text}\u201d`].join(' \u00b7 '),
					reveal: [figure.uri.toString(), figure.claim.start, figure.claim.end],
				});
			}
		}
		if (items.length === 0) {
			void vscode.window.showInformationMessage(`Corroborate: no conflicting figures in ${this.corpus.all().length} documents.`);
			return;
		}
		const pick = vscode.window.createQuickPick<Item>();
		pick.title = `Conflicting figures: ${report.conflicts.length} conflicts, ${report.timeShifted.length} time-shifted`;
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

function describe(figure: Figure): string {
	return `"${figure.claim.text.replace(/\s+/g, ' ')}" (${claimInWords(figure.claim)})`;
}

import * as vscode from 'vscode';
import type { Analysis } from '../core/types';
import type { WorkspaceCorpus } from './corpus';
import { isAnalysable, documentLength } from './decorations';
import { articleEntities, plural } from './present';

/** Status-bar item: the active document's entity and claim counts, and the corpus's conflicts. */
export class CorroborateStatusBar implements vscode.Disposable {
	readonly item = vscode.window.createStatusBarItem('corroborate.status', vscode.StatusBarAlignment.Right, 100);
	private readonly disposables: vscode.Disposable[] = [this.item];
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly analysisOf: (document: vscode.TextDocument) => Analysis,
		private readonly corpus: WorkspaceCorpus,
	) {
		this.item.name = 'Corroborate';
		this.item.command = 'corroborate.findConflicts';
		this.disposables.push(
			vscode.window.onDidChangeActiveTextEditor(() => this.update()),
			vscode.workspace.onDidChangeTextDocument((event) => {
				if (event.document === vscode.window.activeTextEditor?.document) this.schedule();
			}),
			corpus.onDidChange(() => this.update()),
		);
		this.update();
	}

	private schedule(): void {
		if (this.timer !== undefined) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.update();
		}, 300);
	}

	/** Recomputes the text from the cached analysis; hidden when no article is active. */
	update(): void {
		const document = vscode.window.activeTextEditor?.document;
		if (!document || !['plaintext', 'markdown'].includes(document.languageId)) {
			this.item.hide();
			return;
		}
		const conflicts = this.corpus.index.conflicts().filter((conflict) => conflict.verdict === 'conflict').length;
		const conflictText = `$(${conflicts > 0 ? 'warning' : 'check'}) ${plural(conflicts, 'conflict')}`;
		const tooltip = new vscode.MarkdownString('', true);
		if (!isAnalysable(document)) {
			this.item.text = `$(circle-slash) Corroborate: not analysed \u00b7 ${conflictText}`;
			tooltip.appendMarkdown(`This document has ${(documentLength(document) / 1e6).toFixed(1)} million characters, too many to analyse without slowing the editor.\n\n`);
		} else {
			const analysis = this.analysisOf(document);
			const entities = articleEntities(analysis).length;
			this.item.text = `$(telescope) ${plural(entities, 'entity', 'entities')}, ${plural(analysis.claims.length, 'claim')} \u00b7 ${conflictText}`;
			tooltip.appendMarkdown(`**Corroborate** \u2014 this document: ${plural(entities, 'entity mention', 'entity mentions')}, ${plural(analysis.claims.length, 'claim')}\n\n`);
		}
		tooltip.appendMarkdown(`Corpus: ${plural(this.corpus.index.paths().length, 'document')}, ${plural(conflicts, 'conflicting quantity', 'conflicting quantities')}\n\n`);
		const skipped = this.corpus.skippedFiles();
		if (skipped.length > 0) {
			tooltip.appendMarkdown(`${plural(skipped.length, 'file')} not indexed:\n`);
			for (const file of skipped.slice(0, 5)) tooltip.appendMarkdown(`- ${vscode.workspace.asRelativePath(file.uri)}: ${file.message}\n`);
			tooltip.appendMarkdown('\n');
		}
		tooltip.appendMarkdown('Click to find conflicting figures.');
		this.item.tooltip = tooltip;
		this.item.backgroundColor = conflicts > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
		this.item.show();
	}

	dispose(): void {
		if (this.timer !== undefined) clearTimeout(this.timer);
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

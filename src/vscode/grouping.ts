import * as vscode from 'vscode';
import type { ClaimTreeGroup } from '../core/corpus/corpusIndex';
import { CORRECTIONS_FILE, emptyCorrections, parseCorrections, stringifyCorrections, withMerge, withSeparated } from '../core/corpus/corrections';
import type { ClaimRef, GroupCorrections, MemberSelector } from '../core/quantities';
import type { WorkspaceCorpus } from './corpus';
import { plural } from './present';
import type { ClaimsNode } from './views';

/** Result of a grouping correction: expected failures are values with a message for the analyst. */
export type CorrectionResult = { ok: true; file: vscode.Uri } | { ok: false; message: string };

/**
 * Analysts' corrections of how figures are grouped into quantities, from the Claims view: separate a figure
 * from its quantity, or merge two quantities. Stored in `corroborate.groups.yaml` at the workspace root, which
 * the corpus index reads back (and watches, so hand edits apply too).
 */
export class GroupingCommands implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly corpus: WorkspaceCorpus) {
		this.disposables.push(
			vscode.commands.registerCommand('corroborate.separateFigure', (node?: ClaimsNode) => (node?.kind === 'figure' ? this.separate(node.member.ref) : undefined)),
			vscode.commands.registerCommand('corroborate.mergeQuantity', (node?: ClaimsNode, other?: string) => (node?.kind === 'quantity' ? this.mergeInteractively(node.group, other) : undefined)),
		);
	}

	/** Takes one figure out of its quantity. */
	async separate(ref: ClaimRef): Promise<CorrectionResult> {
		return this.update((corrections) => withSeparated(corrections, this.selectorOf(ref)));
	}

	/** Merges two quantities into one, named after the first. */
	async merge(first: ClaimTreeGroup, second: ClaimTreeGroup): Promise<CorrectionResult> {
		const members = [...first.members, ...second.members].map((member) => this.selectorOf(member.ref));
		return this.update((corrections) => withMerge(corrections, members, first.quantity));
	}

	private async mergeInteractively(group: ClaimTreeGroup, otherId?: string): Promise<CorrectionResult | undefined> {
		const others = this.corpus.index.claimTree().filter((candidate) => candidate.id !== group.id);
		let other = otherId ? others.find((candidate) => candidate.id === otherId) : undefined;
		if (!other) {
			const picked = await vscode.window.showQuickPick(
				others.map((candidate) => ({ label: candidate.quantity, description: plural(candidate.members.length, 'figure'), group: candidate })),
				{ title: `Merge "${group.quantity}" with`, placeHolder: 'The quantity that measures the same thing' },
			);
			other = picked?.group;
		}
		if (!other) return undefined;
		const result = await this.merge(group, other);
		if (!result.ok) void vscode.window.showErrorMessage(`Corroborate: ${result.message}`);
		return result;
	}

	/** Names a claim the way the corrections file does: document (workspace-relative), text and occurrence. */
	private selectorOf(ref: ClaimRef): MemberSelector {
		const sameText = (this.corpus.index.summary(ref.document)?.claims ?? []).filter((c) => c.claim.text === ref.claim.text).sort((a, b) => a.claim.start - b.claim.start);
		const occurrence = Math.max(1, sameText.findIndex((c) => c.claim.start === ref.claim.start) + 1);
		const document = vscode.workspace.asRelativePath(vscode.Uri.parse(ref.document), false);
		return { document, text: ref.claim.text, ...(occurrence > 1 ? { occurrence } : {}) };
	}

	private async update(change: (corrections: GroupCorrections) => GroupCorrections): Promise<CorrectionResult> {
		const folder = vscode.workspace.workspaceFolders?.[0];
		if (!folder) return { ok: false, message: 'open a folder to store grouping corrections' };
		const file = vscode.Uri.joinPath(folder.uri, CORRECTIONS_FILE);
		let corrections = emptyCorrections();
		try {
			const { corrections: parsed, problems } = parseCorrections(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
			// A file that does not parse is the analyst's to fix: never overwrite it.
			if (problems.length > 0) return { ok: false, message: `${CORRECTIONS_FILE} has problems (${problems[0].message}${problems[0].line ? `, line ${problems[0].line}` : ''}); fix it first` };
			corrections = parsed;
		} catch {
			// No file yet: start from no corrections.
		}
		await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(stringifyCorrections(change(corrections))));
		await this.corpus.reloadCorrections();
		return { ok: true, file };
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

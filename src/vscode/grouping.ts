import * as vscode from 'vscode';
import type { ClaimTreeGroup } from '../core/corpus/corpusIndex';
import { writeFileAtomic } from '../core/annotations/store';
import { CORRECTIONS_FILE, type CorrectionsEdit, type CorrectionsProblem, parseCorrectionsBytes, withMerge, withSeparated } from '../core/corpus/corrections';
import type { ClaimRef, MemberSelector } from '../core/quantities';
import { WorkspaceFileSystem, describeProblem } from './annotationsFs';
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
			vscode.commands.registerCommand('corroborate.separateFigure', async (node?: ClaimsNode) => {
				if (node?.kind !== 'figure') return undefined;
				const result = await this.separate(node.member.ref);
				if (!result.ok) void vscode.window.showErrorMessage(`Corroborate: ${result.message}`);
				return result;
			}),
			vscode.commands.registerCommand('corroborate.mergeQuantity', (node?: ClaimsNode, other?: string) => (node?.kind === 'quantity' ? this.mergeInteractively(node.group, other) : undefined)),
		);
	}

	/** Takes one figure out of its quantity. */
	async separate(ref: ClaimRef): Promise<CorrectionResult> {
		return this.update((text) => withSeparated(text, this.selectorOf(ref)));
	}

	/** Merges two quantities into one, named after the first. */
	async merge(first: ClaimTreeGroup, second: ClaimTreeGroup): Promise<CorrectionResult> {
		const members = [...first.members, ...second.members].map((member) => this.selectorOf(member.ref));
		return this.update((text) => withMerge(text, members, first.quantity));
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

	/**
	 * Reads the corrections file, applies the edit and writes the result atomically. Only a missing file counts
	 * as "no corrections yet": an unreadable file or one with problems is the analyst's and is left untouched.
	 */
	private async update(change: (text: string | undefined) => CorrectionsEdit): Promise<CorrectionResult> {
		const folder = vscode.workspace.workspaceFolders?.[0];
		if (!folder) return { ok: false, message: 'open a folder to store grouping corrections' };
		const file = vscode.Uri.joinPath(folder.uri, CORRECTIONS_FILE);
		const fs = new WorkspaceFileSystem(file);
		let bytes: Uint8Array | undefined;
		try {
			bytes = await fs.readFile(file.path);
		} catch (error) {
			return { ok: false, message: `cannot read ${CORRECTIONS_FILE} (${error instanceof Error ? error.message : String(error)}); nothing was changed` };
		}
		let text: string | undefined;
		if (bytes !== undefined) {
			const parsed = parseCorrectionsBytes(bytes, CORRECTIONS_FILE);
			if (parsed.problems.length > 0) return refusal(parsed.problems);
			text = parsed.text;
		}
		const edit = change(text);
		if (!edit.ok) return refusal(edit.problems);
		await writeFileAtomic(fs, file.path, new TextEncoder().encode(edit.text));
		await this.corpus.reloadCorrections();
		return { ok: true, file };
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

/** The message for an edit refused because the file has problems (shown in the Problems panel too). */
function refusal(problems: readonly CorrectionsProblem[]): CorrectionResult {
	const more = problems.length > 1 ? ` and ${problems.length - 1} more (see the Problems panel)` : '';
	return { ok: false, message: `${describeProblem(problems[0], CORRECTIONS_FILE)}${more}. Fix ${CORRECTIONS_FILE} first; it was not changed` };
}

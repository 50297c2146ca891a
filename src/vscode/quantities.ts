import * as vscode from 'vscode';
import { judgeGroup } from '../core/conflicts';
import { type ClaimFeatures, type ClaimRef, describeClaims, groupClaims } from '../core/quantities';
import type { Analysis, Claim } from '../core/types';
import type { CorpusDocument, WorkspaceCorpus } from './corpus';
import type { RelatedFigure } from './hovers';

/** What the engine concluded about a group of figures for one quantity. */
export type GroupVerdict = 'conflict' | 'time-shifted' | 'consistent';

/** One document's figure in a group. */
export interface Figure {
	uri: vscode.Uri;
	claim: Claim;
	/** The figure's document's publication date, if known. */
	published: string | null;
}

/** Claims from one or more documents that measure the same quantity. */
export interface QuantityGroup {
	/** Stable while the group's members stay the same (used for tree item ids). */
	id: string;
	/** What is measured, in words ("people killed in the syrian war"). */
	quantity: string;
	verdict: GroupVerdict;
	members: Figure[];
	/** Pairs of member indices whose figures cannot both be true at the same time. */
	conflictingPairs: [number, number][];
	/** Pairs of member indices whose figures differ but were reported far apart in time. */
	timeShiftedPairs: [number, number][];
}

/** Per-analysis claim features: an analysis object is replaced whenever its document changes. */
const featuresCache = new WeakMap<Analysis, ClaimFeatures[]>();

/** Groups the corpus's claims with the engine (quantities and conflicts in src/core) and maps them to editor figures. */
export function groupWithEngine(documents: readonly CorpusDocument[]): QuantityGroup[] {
	const refs: ClaimRef[] = [];
	const uriOf = new Map<string, vscode.Uri>();
	for (const document of documents) {
		const { analysis } = document;
		if (analysis.claims.length === 0) continue;
		let features = featuresCache.get(analysis);
		if (!features) featuresCache.set(analysis, (features = describeClaims(document.text, analysis)));
		const key = document.uri.toString();
		uriOf.set(key, document.uri);
		analysis.claims.forEach((claim, index) => refs.push({ document: key, index, claim, features: features[index], published: analysis.published }));
	}
	return groupClaims(refs).map((group) => {
		const judged = judgeGroup(group);
		const position = new Map(group.members.map((ref, index) => [ref, index]));
		const pairs = (relation: 'conflict' | 'time-shifted'): [number, number][] => (judged?.pairs ?? [])
			.filter((pair) => pair.relation === relation)
			.map((pair) => [position.get(judged!.members[pair.a])!, position.get(judged!.members[pair.b])!]);
		return {
			id: group.id,
			quantity: group.quantity,
			verdict: judged?.verdict ?? 'consistent',
			members: group.members.map((ref) => ({ uri: uriOf.get(ref.document)!, claim: ref.claim, published: ref.published })),
			conflictingPairs: pairs('conflict'),
			timeShiftedPairs: pairs('time-shifted'),
		};
	});
}

/** Key of a claim inside the corpus: document and offsets. */
export function figureKey(uri: vscode.Uri, claim: { start: number; end: number }): string {
	return `${uri.toString()}#${claim.start}-${claim.end}`;
}

/**
 * The corpus's quantity groups and conflicts, recomputed after each batch of corpus changes, with lookups
 * for hovers, views, diagnostics and the status bar.
 */
export class QuantityService implements vscode.Disposable {
	private current: QuantityGroup[] = [];
	private byFigure = new Map<string, { group: QuantityGroup; index: number }>();
	private readonly disposables: vscode.Disposable[] = [];
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires after the groups were recomputed. */
	readonly onDidChange = this.changed.event;

	constructor(
		private readonly corpus: WorkspaceCorpus,
		private readonly group: (documents: readonly CorpusDocument[]) => QuantityGroup[],
		private readonly log: vscode.LogOutputChannel,
	) {
		this.disposables.push(this.changed, corpus.onDidChange(() => this.recompute()));
		this.recompute();
	}

	/** Every group, conflicts first, then by quantity. */
	groups(): QuantityGroup[] {
		return this.current;
	}

	/** The groups whose figures cannot all be true. */
	conflicts(): QuantityGroup[] {
		return this.current.filter((group) => group.verdict === 'conflict');
	}

	/** The group a claim belongs to, if any. */
	groupOf(uri: vscode.Uri, claim: Claim): QuantityGroup | undefined {
		return this.byFigure.get(figureKey(uri, claim))?.group;
	}

	/** Other documents' figures for the quantity a claim measures, with how each relates to it. */
	relatedFigures(uri: vscode.Uri, claim: Claim): RelatedFigure[] {
		const found = this.byFigure.get(figureKey(uri, claim));
		if (!found) return [];
		const { group, index } = found;
		const partners = (pairs: [number, number][]) => new Set(pairs.flatMap(([a, b]) => (a === index ? [b] : b === index ? [a] : [])));
		const conflicting = partners(group.conflictingPairs);
		const shifted = partners(group.timeShiftedPairs);
		return group.members.flatMap((member, i): RelatedFigure[] => {
			if (i === index || member.uri.toString() === uri.toString()) return [];
			const relation = conflicting.has(i) ? 'conflicts' : shifted.has(i) ? 'time-shifted' : 'agrees';
			return [{ uri: member.uri, claim: member.claim, published: member.published, relation }];
		});
	}

	/** Recomputes the groups now (the corpus calls this after each batch). */
	recompute(): void {
		const started = Date.now();
		try {
			const groups = this.group(this.corpus.all());
			const rank = (verdict: GroupVerdict) => (verdict === 'conflict' ? 0 : verdict === 'time-shifted' ? 1 : 2);
			groups.sort((a, b) => rank(a.verdict) - rank(b.verdict) || a.quantity.localeCompare(b.quantity));
			this.current = groups;
			this.byFigure = new Map();
			for (const group of groups) group.members.forEach((member, index) => this.byFigure.set(figureKey(member.uri, member.claim), { group, index }));
			this.log.debug(`Grouped figures into ${groups.length} quantities (${this.conflicts().length} conflicts) in ${Date.now() - started} ms`);
		} catch (error) {
			this.log.error('Grouping figures failed', error);
		}
		this.changed.fire();
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}


// Issue 5 in the editor: highlights, hover cards, the Claims and Entities views, Find Conflicting Figures and
// the status bar, exercised through VS Code's public APIs in a real extension host on a copy of seeds/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Analysis, Span } from '../../src/core/types';
import type { EditorApi } from '../../src/vscode/editorFeatures';
import type { EntitiesNode } from '../../src/vscode/views';
import { canScreenshot, closeAllEditors, corroborateExtension, openSeed, screenshot, seedUris, sleep, waitFor, waitForActivation, workspaceFolder } from './support/host';

/** The editor features' API, once activation has built them. */
async function editorApi(): Promise<{ api: EditorApi; analysisOf: (document: vscode.TextDocument) => Analysis }> {
	const api = await waitForActivation();
	assert.ok(api.editor, 'activate() returned no editor API');
	return { api: api.editor, analysisOf: (document) => api.analysisOf(document) };
}

/** `waitFor` that returns the non-empty value it waited for. */
async function until<T>(condition: () => T | undefined | null | false, message: string, timeoutMs?: number): Promise<T> {
	return (await waitFor(condition, message, timeoutMs)) as T;
}

const KIND_OF_TYPE = { PERSON: 'person', ORG: 'organization', PLACE: 'place', NORP: 'group' } as const;

function overlaps(a: Span, b: Span): boolean {
	return a.start < b.end && b.start < a.end;
}

/** Offsets of the ranges of one kind in a document, sorted. */
function offsetsOf(document: vscode.TextDocument, ranges: readonly vscode.Range[]): Span[] {
	return ranges.map((range) => ({ start: document.offsetAt(range.start), end: document.offsetAt(range.end) })).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The text of a hover's contents. */
function hoverText(hovers: vscode.Hover[]): string {
	// Markdown escapes are not what the analyst reads.
	return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n').replace(/\\([^\w\s])/g, '$1');
}

async function hoverAt(document: vscode.TextDocument, offset: number): Promise<string> {
	const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
	return hoverText(hovers ?? []);
}

/** Offset of the first occurrence of `needle` after `after` in a seed, found by the test rather than the engine. */
function find(document: vscode.TextDocument, needle: string, after = ''): number {
	const from = after ? document.getText().indexOf(after) : 0;
	const offset = document.getText().indexOf(needle, Math.max(0, from));
	assert.ok(offset >= 0, `"${needle}" not found in ${document.uri.path}`);
	return offset;
}

/** Waits until the corpus has indexed every seed. */
async function corpusReady(api: EditorApi): Promise<void> {
	const seeds = await seedUris();
	await waitFor(() => seeds.every((uri) => api.corpus.has(uri)), 'the corpus did not index every seed', 30000);
	await api.corpus.ready();
}

describe('Corroborate in the editor (issue 5)', () => {
	afterEach(async () => {
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
	});

	it('contributes the activity-bar views, commands and themable colours', async () => {
		const pkg = corroborateExtension().packageJSON as { contributes: Record<string, unknown>; activationEvents: string[] };
		const contributes = pkg.contributes as {
			views: Record<string, { id: string }[]>;
			viewsWelcome: { view: string }[];
			colors: { id: string; defaults: Record<string, string> }[];
			commands: { command: string; category?: string }[];
			configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
		};
		assert.deepEqual(contributes.views.corroborate.map((view) => view.id), ['corroborate.claims', 'corroborate.entities', 'corroborate.annotations']);
		for (const view of ['corroborate.claims', 'corroborate.entities', 'corroborate.annotations']) {
			assert.ok(contributes.viewsWelcome.some((welcome) => welcome.view === view), `no viewsWelcome for ${view}`);
		}
		for (const kind of ['person', 'organization', 'place', 'group', 'claim']) {
			const color = contributes.colors.find((c) => c.id === `corroborate.${kind}Background`);
			assert.ok(color, `no colour for ${kind}`);
			for (const theme of ['light', 'dark', 'highContrast']) assert.ok(color.defaults[theme], `${kind} has no ${theme} default`);
		}
		assert.ok(!pkg.activationEvents.includes('*'), 'activation must be lazy');
		await waitForActivation();
		const commands = await vscode.commands.getCommands(true);
		for (const command of ['corroborate.findConflicts', 'corroborate.reindex', 'corroborate.revealMention']) {
			assert.ok(commands.includes(command), `${command} is not registered`);
			assert.equal(contributes.commands.find((c) => c.command === command)?.category, 'Corroborate');
		}
		const sections = Array.isArray(contributes.configuration) ? contributes.configuration : [contributes.configuration];
		const settings = Object.assign({}, ...sections.map((section) => section.properties)) as Record<string, { default: unknown }>;
		assert.deepEqual(settings['corroborate.corpus.include'].default, ['**/*.txt', '**/*.md']);
		for (const key of ['people', 'organizations', 'places', 'groups', 'claims']) assert.equal(settings[`corroborate.highlight.${key}`].default, true);
	});

	describe('highlights', () => {
		it('highlights every entity by type and every claim, and nothing in page chrome', async () => {
			const editor = await openSeed('001_f0b66bcc4763ae38.txt');
			const { api, analysisOf } = await editorApi();
			const document = editor.document;
			const ranges = await until(() => api.decorationsOf(editor), 'the editor was never decorated');
			const analysis = analysisOf(document);
			const chrome = analysis.boilerplate;
			const expected: Record<string, Span[]> = { person: [], organization: [], place: [], group: [], claim: [] };
			for (const entity of analysis.entities) if (!chrome.some((span) => overlaps(span, entity))) expected[KIND_OF_TYPE[entity.type]].push({ start: entity.start, end: entity.end });
			for (const claim of analysis.claims) if (!chrome.some((span) => overlaps(span, claim))) expected.claim.push({ start: claim.start, end: claim.end });
			const total = Object.values(expected).reduce((sum, spans) => sum + spans.length, 0);
			assert.ok(total > 0, 'the engine found nothing to highlight in seed 001');
			for (const [kind, spans] of Object.entries(expected)) {
				const applied = offsetsOf(document, ranges[kind as keyof typeof ranges]);
				assert.deepEqual(applied, spans.sort((a, b) => a.start - b.start || a.end - b.end), `${kind} highlights differ from the analysis`);
				for (const span of applied) assert.ok(!chrome.some((c) => overlaps(c, span)), `${kind} highlight inside page chrome at ${span.start}`);
			}
		});

		it('turning one kind off in the settings removes only that kind', async () => {
			const editor = await openSeed('001_f0b66bcc4763ae38.txt');
			const { api } = await editorApi();
			const before = await until(() => api.decorationsOf(editor), 'the editor was never decorated');
			assert.ok(before.claim.length > 0, 'no claims highlighted in seed 001');
			const config = vscode.workspace.getConfiguration('corroborate.highlight');
			await config.update('claims', false, vscode.ConfigurationTarget.Global);
			try {
				const after = await until(() => (api.decorationsOf(editor)?.claim.length === 0 ? api.decorationsOf(editor) : undefined), 'claim highlights stayed after turning them off');
				for (const kind of ['person', 'organization', 'place', 'group'] as const) assert.equal(after[kind].length, before[kind].length, `${kind} highlights changed`);
			} finally {
				await config.update('claims', undefined, vscode.ConfigurationTarget.Global);
			}
			await until(() => api.decorationsOf(editor)?.claim.length === before.claim.length, 'claim highlights did not come back');
		});

		it('follows typing after a short debounce, analysing each version once', async () => {
			const editor = await openSeed('001_f0b66bcc4763ae38.txt');
			const { api, analysisOf } = await editorApi();
			const document = editor.document;
			const before = await until(() => api.decorationsOf(editor), 'the editor was never decorated');
			const firstClaim = offsetsOf(document, before.claim)[0];
			assert.ok(firstClaim, 'no claim highlighted in seed 001');
			// The cache hands out the same analysis for an unchanged version: nothing is re-analysed.
			assert.equal(analysisOf(document), analysisOf(document));
			const inserted = 'UPDATED: ';
			assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), inserted)));
			try {
				const after = await until(() => {
					const ranges = api.decorationsOf(editor);
					const moved = ranges && offsetsOf(document, ranges.claim)[0];
					return moved && moved.start === firstClaim.start + inserted.length ? moved : undefined;
				}, 'highlights did not follow the edit', 5000);
				assert.equal(document.getText(new vscode.Range(document.positionAt(after.start), document.positionAt(after.end))), document.getText().slice(after.start, after.end));
			} finally {
				await vscode.commands.executeCommand('workbench.action.files.revert');
			}
		});
	});

	describe('hover cards', () => {
		it('shows an entity\'s canonical name, type, mention counts and links to other documents', async () => {
			const editor = await openSeed('000_621a9f7a389d3fa3.txt');
			const { api, analysisOf } = await editorApi();
			await corpusReady(api);
			const document = editor.document;
			const offset = find(document, 'Assad', 'remove Mr.');
			const text = await hoverAt(document, offset + 1);
			const entity = analysisOf(document).entities.find((e) => e.start <= offset && offset < e.end);
			assert.ok(entity, 'the engine found no entity at "Mr. Assad" in seed 000');
			assert.match(text, /PERSON/);
			assert.match(text, /Bashar al-Assad/);
			assert.match(text, /mentions? in this document/);
			// Assad is also mentioned in seed 001: the card links to it.
			assert.match(text, /command:corroborate\.revealMention\?[^)]*001_f0b66bcc4763ae38/);
		});

		it('shows a claim\'s value in words, what it counts, its source, and related figures', async () => {
			const editor = await openSeed('001_f0b66bcc4763ae38.txt');
			const { api, analysisOf } = await editorApi();
			await corpusReady(api);
			const document = editor.document;
			const offset = find(document, '240,000', 'brutal civil war');
			const claim = analysisOf(document).claims.find((c) => c.start <= offset && offset < c.end);
			assert.ok(claim, 'the engine found no claim at "killed 240,000 people" in seed 001');
			const text = await hoverAt(document, offset + 1);
			assert.match(text, /240,000/);
			assert.match(text, /Counts: \*people/);
			assert.match(text, /Source:/);
			// Other seeds report the war's toll too: the card lists their figures and whether each agrees.
			assert.match(text, /\(command:corroborate\.revealMention\?[^)]*\d{3}_[0-9a-f]+\.txt[^)]*\)[^\n]*\u2014 (agrees|\*\*conflicts\*\*|differs)/);
		});

		it('shows analysts\' notes and verdict on the annotated claim', async () => {
			const editor = await openSeed('002_e0f8e3745de2d288.txt');
			const { analysisOf } = await editorApi();
			const api = await waitForActivation();
			assert.ok(api.annotations, 'no annotations API');
			const document = editor.document;
			const claim = analysisOf(document).claims.find((c) => c.kind === 'count');
			assert.ok(claim, 'no count claim in seed 002');
			const loaded = await api.annotations.service.ensureLoaded(document);
			assert.ok(loaded.ok);
			const added = await api.annotations.service.add(document, claim.start, claim.end, { kind: 'claim', label: 'Checked against UN data', verdict: 'disputed', note: 'The UN figure is lower.' });
			assert.ok(added.ok, added.ok ? '' : added.message);
			try {
				const text = await hoverAt(document, claim.start + 1);
				assert.match(text, /Analyst notes/);
				assert.match(text, /Checked against UN data/);
				assert.match(text, /disputed/);
				assert.match(text, /The UN figure is lower\./);
			} finally {
				if (added.ok) await api.annotations.service.remove(document.uri, [added.value.id]);
			}
		});

		it('gives no card where there is neither entity nor claim', async () => {
			const editor = await openSeed('001_f0b66bcc4763ae38.txt');
			const { analysisOf } = await editorApi();
			const analysis = analysisOf(editor.document);
			const text = editor.document.getText();
			const spans: Span[] = [...analysis.entities, ...analysis.claims];
			let offset = text.search(/\bthe\b/);
			while (spans.some((s) => s.start <= offset && offset <= s.end)) offset = text.indexOf(' the ', offset + 1) + 1;
			assert.equal(await hoverAt(editor.document, offset), '');
		});
	});

	describe('views', () => {
		it('Entities view lists type → entity → documents → mentions with stable ids', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const tree = api.entitiesTree;
			const types = await tree.getChildren();
			assert.ok(types.length > 0, 'no entity types in the corpus');
			const ids = new Set<string>();
			const item = (node: EntitiesNode) => {
				const treeItem = tree.getTreeItem(node);
				assert.ok(treeItem.id && !ids.has(treeItem.id), `missing or duplicate id ${treeItem.id}`);
				ids.add(treeItem.id);
				assert.ok(treeItem.contextValue, 'tree item without contextValue');
				return treeItem;
			};
			for (const type of types) {
				assert.equal(type.kind, 'type');
				item(type);
				for (const entity of await tree.getChildren(type)) item(entity);
			}
			const people = types.find((node) => node.kind === 'type' && node.type === 'PERSON');
			assert.ok(people, 'no People in the Entities view');
			const peopleNodes = await tree.getChildren(people);
			const assad = peopleNodes.find((node) => node.kind === 'entity' && node.canonical === 'Bashar al-Assad');
			assert.ok(assad, 'Bashar al-Assad is not among the people');
			// "Assad" and "Bashar Assad" in other documents are the same person: one entry for the corpus.
			const variants = peopleNodes.flatMap((node) => (node.kind === 'entity' && /Assad$/.test(node.canonical) ? [node.canonical] : []));
			assert.deepEqual(variants, ['Bashar al-Assad'], 'Assad is listed under several names');
			const documents = await tree.getChildren(assad);
			assert.ok(documents.length >= 2, 'Bashar al-Assad should be found in seeds 000 and 001');
			const mentions = await tree.getChildren(documents[0]);
			assert.ok(mentions.length > 0);
			const first = mentions[0];
			assert.equal(first.kind, 'mention');
			const mentionItem = item(first);
			assert.equal(mentionItem.command?.command, 'corroborate.revealMention');
			assert.match(String(mentionItem.description), /^line \d+$/);
			// The mention is what the document says at that place.
			if (first.kind === 'mention') {
				const document = await vscode.workspace.openTextDocument(first.uri);
				assert.equal(document.getText().slice(first.mention.start, first.mention.end), first.mention.text);
				assert.match(first.mention.text, /Assad/);
			}
		});

		it('Claims view lists quantities → figures with document, line and a click to reveal', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const tree = api.claimsTree;
			const roots = tree.getChildren();
			assert.ok(roots.length > 0, 'the Claims view is empty although several seeds report the Syrian war\'s toll');
			for (const root of roots) {
				assert.equal(root.kind, 'quantity');
				const documents = new Set(tree.getChildren(root).map((node) => (node.kind === 'figure' ? node.member.document : '')));
				assert.ok(documents.size >= 2, 'a quantity in the Claims view should be reported by at least two documents');
			}
			const figure = tree.getChildren(roots[0])[0];
			assert.equal(figure.kind, 'figure');
			const item = tree.getTreeItem(figure);
			assert.match(String(item.description), /^\d{3}_[0-9a-f]+\.txt:\d+/);
			assert.equal(item.command?.command, 'corroborate.revealMention');
			assert.match(String(item.contextValue), /^claim/);
			assert.ok(item.id);
			// Clicking reveals the figure in its document.
			await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
			const active = await until(() => vscode.window.activeTextEditor, 'no editor after reveal');
			if (figure.kind === 'figure') {
				assert.equal(active.document.uri.toString(), figure.member.document);
				assert.equal(active.document.getText(active.selection), figure.member.ref.claim.text);
				assert.equal(active.selection.start.line + 1, figure.member.line);
			}
			// The context menu's Open to the Side opens the figure in a second editor group.
			await vscode.commands.executeCommand('corroborate.revealMentionToSide', figure);
			const beside = await until(() => (vscode.window.activeTextEditor?.viewColumn === vscode.ViewColumn.Two ? vscode.window.activeTextEditor : undefined), 'Open to the Side did not open a second editor');
			if (figure.kind === 'figure') assert.equal(beside.document.getText(beside.selection), figure.member.ref.claim.text);
			await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
			await vscode.commands.executeCommand('workbench.action.joinAllGroups');
		});
	});

	describe('Find Conflicting Figures', () => {
		const planted = ['zz-conflict-a.txt', 'zz-conflict-b.txt'];
		const plantedText = [
			'Syria death toll passes 250,000\nBEIRUT, October 20, 2015\nThe war in Syria has killed 250,000 people, the Syrian Observatory for Human Rights said.\n',
			'Syria toll revised\nGENEVA, October 21, 2015\nThe war in Syria has killed 100,000 people, according to the United Nations.\n',
		];
		const uriOf = (name: string) => vscode.Uri.joinPath(workspaceFolder(), name);

		after(async () => {
			for (const name of planted) await vscode.workspace.fs.delete(uriOf(name)).then(undefined, () => undefined);
			await vscode.commands.executeCommand('corroborate.clearConflicts');
		});

		it('raises no false alarm among the seeds', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const report = await api.findConflicts({ quickPick: false });
			assert.deepEqual(report.conflicts.map((group) => group.quantity), []);
			for (const uri of await seedUris()) assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Corroborate'), []);
		});

		it('reports planted disagreeing figures as Problems with related information, in the Claims view and the status bar', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			for (const [i, name] of planted.entries()) await vscode.workspace.fs.writeFile(uriOf(name), new TextEncoder().encode(plantedText[i]));
			// New files reach the index through the file-system watcher.
			await waitFor(() => planted.every((name) => api.corpus.has(uriOf(name))), 'planted documents were not indexed', 15000);
			const report = await api.findConflicts({ quickPick: false });
			const group = report.conflicts.find((g) => planted.every((name) => g.members.some((m) => m.document === uriOf(name).toString())));
			assert.ok(group, `no conflict between the planted documents; conflicts: ${report.conflicts.map((g) => g.quantity).join('; ')}`);

			const [a, b] = planted.map(uriOf);
			const diagnostics = vscode.languages.getDiagnostics(a).filter((d) => d.source === 'Corroborate');
			assert.equal(diagnostics.length, 1);
			const [diagnostic] = diagnostics;
			assert.equal(diagnostic.code, 'conflicting-figure');
			const document = await vscode.workspace.openTextDocument(a);
			assert.match(document.getText(diagnostic.range), /250,000/);
			assert.ok(diagnostic.relatedInformation?.some((info) => info.location.uri.toString() === b.toString()), 'related information does not point at the other document');
			assert.ok(vscode.languages.getDiagnostics(b).some((d) => d.code === 'conflicting-figure'));

			const first = api.claimsTree.getChildren()[0];
			assert.equal(first.kind, 'quantity');
			assert.equal(api.claimsTree.getTreeItem(first).contextValue, 'quantity.conflict');
			assert.match(api.statusBar.text, /[1-9]\d* conflicts?/);
		});

		it('clears Problems when the disagreeing document is deleted', async () => {
			const { api } = await editorApi();
			const [a, b] = planted.map(uriOf);
			await vscode.workspace.fs.delete(b);
			await waitFor(() => !api.corpus.has(b), 'deleted document stayed in the index', 15000);
			await waitFor(() => vscode.languages.getDiagnostics(a).every((d) => d.source !== 'Corroborate'), 'stale conflict Problems stayed');
		});
	});

	describe('grouping corrections', () => {
		it('separating a figure takes it out of its quantity and is stored in corroborate.groups.yaml', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const quantity = api.claimsTree.getChildren()[0];
			assert.ok(quantity && quantity.kind === 'quantity', 'no quantity in the Claims view');
			const member = quantity.group.members[0];
			const inAGroup = () => api.corpus.index.claimTree().some((group) => group.members.some((m) => m.document === member.document && m.ref.claim.start === member.ref.claim.start));
			assert.ok(inAGroup());
			const file = vscode.Uri.joinPath(workspaceFolder(), 'corroborate.groups.yaml');
			try {
				const result = await api.grouping.separate(member.ref);
				assert.ok(result.ok, result.ok ? '' : result.message);
				await waitFor(() => !inAGroup(), 'the separated figure is still grouped');
				const yaml = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
				assert.match(yaml, /separate:/);
				assert.ok(yaml.includes(member.ref.claim.text), 'the corrections file does not name the figure');
			} finally {
				await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
				await api.corpus.reloadCorrections();
			}
			await waitFor(() => inAGroup(), 'the figure did not return to its quantity once the correction was removed');
		});

		it('shows a malformed corroborate.groups.yaml in Problems and Separate Figure leaves it unchanged', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const quantity = api.claimsTree.getChildren()[0];
			assert.ok(quantity && quantity.kind === 'quantity', 'no quantity in the Claims view');
			const figure = api.claimsTree.getChildren(quantity).find((node) => node.kind === 'figure');
			assert.ok(figure, 'no figure under the quantity');
			const file = vscode.Uri.joinPath(workspaceFolder(), 'corroborate.groups.yaml');
			// A list at the root: valid YAML, but not a corrections file; the analyst's text must survive.
			const broken = new TextEncoder().encode('# kept by hand\n- {document: a.txt, text: "3 dead"}\n');
			try {
				await vscode.workspace.fs.writeFile(file, broken);
				await api.corpus.reloadCorrections();
				await waitFor(() => vscode.languages.getDiagnostics(file).some((d) => d.source === 'Corroborate' && /mapping/.test(d.message)), 'the malformed groups file is not in Problems');
				const diagnostic = vscode.languages.getDiagnostics(file).find((d) => d.source === 'Corroborate');
				assert.equal(diagnostic?.range.start.line, 1, 'the problem is not at the list');
				const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string } | undefined>('corroborate.separateFigure', figure);
				assert.ok(result && !result.ok, 'Separate Figure succeeded on a broken file');
				assert.match(result.message ?? '', /corroborate\.groups\.yaml:2:1/);
				assert.deepEqual([...(await vscode.workspace.fs.readFile(file))], [...broken], 'the malformed groups file was rewritten');
			} finally {
				await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
				await api.corpus.reloadCorrections();
			}
			await waitFor(() => vscode.languages.getDiagnostics(file).length === 0, 'Problems of the deleted groups file stayed');
		});
	});

	describe('corpus index', () => {
		it('re-indexes unchanged documents from the content-hash cache without analysing them again', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			await api.corpus.reindex();
			const report = api.corpus.lastReport;
			assert.ok(report, 'no index report');
			assert.ok(report.indexed >= (await seedUris()).length);
			assert.equal(report.analysed, 0, 'unchanged documents were analysed again');
			assert.equal(report.fromCache, report.indexed);
		});

		it('analyses a burst of new documents in worker threads and forgets a deleted folder', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const texts = await Promise.all((await seedUris()).map(async (uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))));
			const folder = vscode.Uri.joinPath(workspaceFolder(), 'zz-bulk');
			const uris = Array.from({ length: 72 }, (_, i) => vscode.Uri.joinPath(folder, `copy-${i}.txt`));
			const before = api.corpus.workerDocuments;
			// Distinct contents, so none of them comes from the record cache.
			await vscode.workspace.fs.createDirectory(folder);
			await Promise.all(uris.map((uri, i) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`Copy ${i}\n${texts[i % texts.length]}`))));
			try {
				await waitFor(() => uris.every((uri) => api.corpus.has(uri)), 'the new documents were not indexed', 60000);
				assert.ok(api.corpus.workerDocuments - before >= uris.length, `only ${api.corpus.workerDocuments - before} of ${uris.length} documents went to worker threads`);
				const summary = api.corpus.index.summary(uris[1].toString());
				assert.ok(summary && summary.mentionCount > 0, 'a worker-analysed document has no entities');
			} finally {
				await vscode.workspace.fs.delete(folder, { recursive: true });
			}
			await waitFor(() => uris.every((uri) => !api.corpus.has(uri)), 'documents of a deleted folder stayed in the index', 15000);
		});
	});

	describe('status bar and unreadable files', () => {
		it('shows the open document\'s entity and claim counts', async () => {
			const editor = await openSeed('001_f0b66bcc4763ae38.txt');
			const { api, analysisOf } = await editorApi();
			const analysis = analysisOf(editor.document);
			const claims = analysis.claims.length;
			await waitFor(() => new RegExp(`\\b${claims} claims?\\b`).test(api.statusBar.text), `status bar does not show ${claims} claims: ${api.statusBar.text}`);
			assert.match(api.statusBar.text, /\d+ (entity|entities)/);
		});

		it('does not analyse a very long open document, says so in the status bar, and never blocks the extension host', async () => {
			// Activation and the engine's first use (loading its lexicons) are measured elsewhere: start warm.
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const seed = new TextDecoder().decode(await vscode.workspace.fs.readFile((await seedUris())[1]));
			const huge = vscode.Uri.joinPath(workspaceFolder(), 'zz-huge.txt');
			// The extension host runs this test too: a long synchronous analysis would show as a gap between ticks.
			let last = Date.now();
			let longestGap = 0;
			const ticker = setInterval(() => {
				const now = Date.now();
				longestGap = Math.max(longestGap, now - last);
				last = now;
			}, 20);
			try {
				await vscode.workspace.fs.writeFile(huge, new TextEncoder().encode(seed.repeat(Math.ceil(1_100_000 / seed.length))));
				const editor = await vscode.window.showTextDocument(huge);
				await until(() => /not analysed/.test(api.statusBar.text), `status bar does not say the document is not analysed: ${api.statusBar.text}`);
				// The file is still indexed for the corpus, in a worker thread.
				await waitFor(() => api.corpus.has(huge), 'the long document was not indexed', 30000);
				const ranges = api.decorationsOf(editor);
				assert.ok(!ranges || Object.values(ranges).every((list) => list.length === 0), 'a document over the limit was highlighted');
				assert.equal(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', huge, new vscode.Position(3, 5)) ?? []), '');
				assert.ok(longestGap < 1000, `the extension host was blocked for ${longestGap} ms`);
			} finally {
				clearInterval(ticker);
				await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
				await vscode.workspace.fs.delete(huge);
			}
		});

		it('skips binary and non-UTF-8 files with a clear reason instead of analysing them', async () => {
			await openSeed(0);
			const { api } = await editorApi();
			await corpusReady(api);
			const binary = vscode.Uri.joinPath(workspaceFolder(), 'zz-binary.txt');
			const latin1 = vscode.Uri.joinPath(workspaceFolder(), 'zz-latin1.txt');
			await vscode.workspace.fs.writeFile(binary, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x10]));
			await vscode.workspace.fs.writeFile(latin1, new Uint8Array([...new TextEncoder().encode('Caf'), 0xe9, 0x20, 0x31, 0x32]));
			try {
				const skipped = await until(() => {
					const files = api.corpus.skippedFiles();
					return files.some((f) => f.uri.toString() === binary.toString()) && files.some((f) => f.uri.toString() === latin1.toString()) ? files : undefined;
				}, 'unreadable files were not reported', 15000);
				assert.match(skipped.find((f) => f.uri.toString() === binary.toString())!.message, /binary/);
				assert.match(skipped.find((f) => f.uri.toString() === latin1.toString())!.message, /UTF-8/);
				assert.equal(api.corpus.has(binary), false);
			} finally {
				await vscode.workspace.fs.delete(binary);
				await vscode.workspace.fs.delete(latin1);
			}
		});
	});

	describe('screenshots', () => {
		before(async function () {
			if (!canScreenshot()) this.skip();
			// Seeds have long paragraphs on one line: wrapped, the hovered figure and its card stay in view.
			await vscode.workspace.getConfiguration('editor').update('wordWrap', 'on', vscode.ConfigurationTarget.Global);
		});

		after(async () => {
			await vscode.workspace.getConfiguration('editor').update('wordWrap', undefined, vscode.ConfigurationTarget.Global);
		});

		it('saves a hover card', async () => {
			const editor = await openSeed('000_621a9f7a389d3fa3.txt');
			const { api } = await editorApi();
			await corpusReady(api);
			const offset = find(editor.document, 'Assad', 'meet his Russian');
			const position = editor.document.positionAt(offset + 2);
			editor.selection = new vscode.Selection(position, position);
			editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
			await vscode.commands.executeCommand('editor.action.showHover');
			await sleep(1200);
			assert.ok(await screenshot('editor-hover-entity'));
		});

		it('saves a claim\'s hover card', async () => {
			const editor = await openSeed('001_f0b66bcc4763ae38.txt');
			const { api } = await editorApi();
			await corpusReady(api);
			const offset = find(editor.document, '240,000', 'brutal civil war');
			const position = editor.document.positionAt(offset + 2);
			editor.selection = new vscode.Selection(position, position);
			editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
			await vscode.commands.executeCommand('editor.action.showHover');
			await sleep(1200);
			assert.ok(await screenshot('editor-hover-claim'));
		});

		it('saves the Corroborate views', async () => {
			await openSeed('001_f0b66bcc4763ae38.txt');
			const { api } = await editorApi();
			await corpusReady(api);
			await vscode.commands.executeCommand('corroborate.claims.focus');
			// A wider side bar so that quantities and figures are readable: narrow the focused editor group instead.
			await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
			for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
			const quantity = api.claimsTree.getChildren()[0];
			if (quantity) await api.claimsView.reveal(quantity, { expand: true, select: false, focus: false });
			const people = (await api.entitiesTree.getChildren()).find((node) => node.kind === 'type' && node.type === 'PERSON');
			if (people) {
				const first = (await api.entitiesTree.getChildren(people))[0];
				if (first) await api.entitiesView.reveal(first, { expand: true, select: true, focus: false });
			}
			await sleep(1200);
			assert.ok(await screenshot('editor-views'));
			await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
			for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
		});

		it('saves the Problems panel with a conflict', async () => {
			const { api } = await editorApi();
			const names = ['zz-shot-a.txt', 'zz-shot-b.txt'];
			const texts = [
				'Airstrikes in Aleppo\nBEIRUT, October 20, 2015\nThe war in Syria has killed 250,000 people, the Syrian Observatory for Human Rights said.\n',
				'Syria toll revised\nGENEVA, October 21, 2015\nThe war in Syria has killed 100,000 people, according to the United Nations.\n',
			];
			const uris = names.map((name) => vscode.Uri.joinPath(workspaceFolder(), name));
			for (const [i, uri] of uris.entries()) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(texts[i]));
			try {
				await waitFor(() => uris.every((uri) => api.corpus.has(uri)), 'screenshot documents were not indexed', 15000);
				await vscode.window.showTextDocument(uris[0]);
				await api.findConflicts({ quickPick: false });
				await vscode.commands.executeCommand('workbench.actions.view.problems');
				await sleep(1200);
				assert.ok(await screenshot('editor-problems'));
				await api.findConflicts();
				await sleep(800);
				assert.ok(await screenshot('editor-conflicts-quickpick'));
			} finally {
				await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
				for (const uri of uris) await vscode.workspace.fs.delete(uri);
				await vscode.commands.executeCommand('corroborate.clearConflicts');
			}
		});

		after(async () => {
			await closeAllEditors();
		});
	});
});


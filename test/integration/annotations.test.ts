// Issue 4 in the editor: annotation commands, sidecars on disk, anchors following edits, sidecars changed on disk,
// malformed sidecars, comment threads and the entity registry — in a real VS Code host, on files the tests create in
// the harness's temporary copy of seeds/ (removed afterwards, so later suites see the seeds only).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parse, parseDocument } from 'yaml';
import type { AnnotationComment } from '../../src/vscode/comments';
import type { AnnotationsApi } from '../../src/vscode/annotationsFeature';
import { canScreenshot, closeAllEditors, openSeed, screenshot, seedUris, sleep, waitFor, waitForActivation, workspaceFolder } from './support/host';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The folder this suite writes into (inside the temporary workspace). */
function scratch(): vscode.Uri {
	return vscode.Uri.joinPath(workspaceFolder(), 'annotations it');
}

function sidecarOf(uri: vscode.Uri): vscode.Uri {
	return uri.with({ path: `${uri.path}.annotations.yaml` });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}

async function readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
	return (await exists(uri)) ? vscode.workspace.fs.readFile(uri) : undefined;
}

/** The sidecar of a document as plain data, or undefined while there is none. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sidecarData(document: vscode.Uri): Promise<any> {
	const bytes = await readBytes(sidecarOf(document));
	return bytes === undefined ? undefined : parse(decoder.decode(bytes));
}

/** `waitFor` that returns the value it waited for, without the falsy cases. */
async function until<T>(condition: () => T | undefined | null | false | Promise<T | undefined | null | false>, message: string, timeoutMs?: number): Promise<T> {
	return (await waitFor(condition, message, timeoutMs)) as T;
}

async function annotationsApi(): Promise<AnnotationsApi> {
	const api = await waitForActivation();
	assert.ok(api.annotations, 'activate() returned no annotations API');
	return api.annotations;
}

/** Writes a document into the scratch folder and opens it in an editor. */
async function openNew(name: string, content: string | Uint8Array): Promise<vscode.TextEditor> {
	const uri = vscode.Uri.joinPath(scratch(), name);
	await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? encoder.encode(content) : content);
	const document = await vscode.workspace.openTextDocument(uri);
	const editor = await vscode.window.showTextDocument(document, { preview: false });
	const api = await annotationsApi();
	await waitFor(() => api.service.snapshot(uri)?.status !== 'loading' && api.service.snapshot(uri), `annotations of ${name} were not loaded`);
	return editor;
}

async function seedText(index = 0): Promise<string> {
	return decoder.decode(await vscode.workspace.fs.readFile((await seedUris())[index]));
}

function select(editor: vscode.TextEditor, start: number, end: number): void {
	editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
}

function offsetOf(document: vscode.TextDocument, needle: string): number {
	const at = document.getText().indexOf(needle);
	assert.ok(at >= 0, `"${needle}" not in ${document.uri.path}`);
	return at;
}

/** Offsets of the ranges an editor shows for annotations of one kind. */
function decorated(api: AnnotationsApi, editor: vscode.TextEditor, kind: 'note' | 'claim' | 'entity' | 'highlight'): { start: number; end: number }[] {
	return (api.decorationsOf(editor)?.[kind] ?? []).map((range) => ({ start: editor.document.offsetAt(range.start), end: editor.document.offsetAt(range.end) }));
}

/**
 * Saves a document. code-server now and then answers false for the first save of a file this suite has just
 * written (no error shown; nothing in the extension takes part in saving), so the save is tried a few times.
 */
async function save(document: vscode.TextDocument): Promise<boolean> {
	for (let attempt = 0; attempt < 4; attempt++) {
		if (await document.save()) return true;
		await sleep(250);
	}
	return !document.isDirty;
}

function bodyOf(comment: vscode.Comment): string {
	return typeof comment.body === 'string' ? comment.body : comment.body.value;
}

describe('Annotations in the editor (issue 4)', function () {
	this.timeout(60000);

	before(async () => {
		await openSeed(0);
		await annotationsApi();
		await vscode.workspace.fs.createDirectory(scratch());
	});

	afterEach(async () => {
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
	});

	after(async () => {
		await closeAllEditors();
		await vscode.workspace.fs.delete(scratch(), { recursive: true, useTrash: false });
		const api = await annotationsApi();
		const registry = vscode.Uri.joinPath(workspaceFolder(), 'corroborate.entities.yaml');
		if (await exists(registry)) await vscode.workspace.fs.delete(registry);
		await api.registry.reload();
		assert.equal(api.registry.current.entities.length + api.registry.current.suppress.length, 0, 'the registry was not cleared for the suites that follow');
		for (const uri of await seedUris()) if (await exists(sidecarOf(uri))) await vscode.workspace.fs.delete(sidecarOf(uri));
	});

	it('Annotate Selection writes the annotation to NAME.EXT.annotations.yaml next to a document whose name has spaces', async () => {
		const api = await annotationsApi();
		const editor = await openNew('press briefing.txt', await seedText(0));
		const { document } = editor;
		const quote = 'first face-to-face talks on Syria';
		const start = offsetOf(document, quote);
		select(editor, start, start + quote.length);
		const annotation = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { label: 'Talks', note: 'First *direct* talks since the air campaign began.', verdict: 'unverified' });
		assert.ok(annotation?.id, 'the command returned no annotation');

		const data = await sidecarData(document.uri);
		assert.ok(data, 'no sidecar was written next to "press briefing.txt"');
		assert.equal(data.version, 1);
		assert.equal(data.document, 'press briefing.txt');
		assert.equal(data.annotations.length, 1);
		const [saved] = data.annotations;
		assert.equal(saved.id, annotation.id);
		assert.equal(saved.kind, 'claim');
		assert.equal(saved.label, 'Talks');
		assert.equal(saved.note, 'First *direct* talks since the air campaign began.');
		assert.equal(saved.verdict, 'unverified');
		assert.equal(saved.target.quote.exact, quote);
		assert.ok(document.getText().slice(0, start).endsWith(saved.target.quote.prefix), 'prefix is not the text before the quote');
		assert.ok(document.getText().slice(start + quote.length).startsWith(saved.target.quote.suffix), 'suffix is not the text after the quote');
		assert.deepEqual(saved.target.position, { start, end: start + quote.length });
		assert.ok(saved.created && saved.modified, 'timestamps missing');

		// The span is decorated and carries the note as a comment thread.
		await waitFor(() => decorated(api, editor, 'claim').some((span) => span.start === start && span.end === start + quote.length), 'the annotated span is not decorated');
		const thread = await until(() => api.threadsOf(document.uri).find((t) => t.range && document.offsetAt(t.range.start) === start), 'no comment thread on the annotated span');
		assert.equal(bodyOf(thread.comments[0]), 'First *direct* talks since the air campaign began.');
	});

	it('annotations follow edits live, and the saved sidecar records the new position', async () => {
		const api = await annotationsApi();
		const editor = await openNew('follow edits.txt', await seedText(0));
		const { document } = editor;
		const quote = 'Syrian ruler Bashar al-Assad';
		const start = offsetOf(document, quote);
		select(editor, start, start + quote.length);
		const annotation = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { note: 'Title used by the outlet.' });
		assert.ok(annotation);
		const inserted = 'UPDATED 14:05 — ';
		assert.ok(await editor.edit((edit) => edit.insert(document.positionAt(0), inserted)), 'the edit was not applied');
		// Live: the anchor and the decoration move with the text, before any save.
		const anchor = await until(() => {
			const found = api.service.snapshot(document.uri)?.annotations.find((t) => t.annotation.id === annotation.id)?.anchor;
			return found && found.start === start + inserted.length ? found : undefined;
		}, 'the annotation did not move with the inserted text');
		assert.equal(document.getText().slice(anchor.start ?? 0, anchor.end ?? 0), quote);
		await waitFor(() => decorated(api, editor, 'note').some((span) => span.start === start + inserted.length), 'the decoration did not move');
		// An edit elsewhere after the span moves nothing.
		assert.ok(await editor.edit((edit) => edit.insert(document.positionAt(document.getText().length), '\nAppended line.')), 'the second edit was not applied');
		assert.equal(api.service.snapshot(document.uri)?.annotations.find((t) => t.annotation.id === annotation.id)?.anchor.start, start + inserted.length);
		// The sidecar still holds the position of the text on disk until the document is saved.
		assert.equal((await sidecarData(document.uri)).annotations[0].target.position.start, start);
		assert.ok(document.isDirty, 'the edited document is not dirty');
		assert.ok(await save(document), `the document did not save (dirty: ${document.isDirty}, closed: ${document.isClosed})`);
		await waitFor(async () => (await sidecarData(document.uri)).annotations[0].target.position.start === start + inserted.length, 'the sidecar position did not move on save');
		const saved = (await sidecarData(document.uri)).annotations[0];
		assert.deepEqual(saved.target.position, { start: start + inserted.length, end: start + inserted.length + quote.length });
		assert.equal(saved.target.quote.exact, quote);

		// Typing inside the span changes its words: it is re-found fuzzily or orphaned, never moved onto other words.
		await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(start + inserted.length), document.positionAt(start + inserted.length + quote.length)), 'the visiting head of state'));
		const after = await until(() => {
			const t = api.service.snapshot(document.uri)?.annotations.find((x) => x.annotation.id === annotation.id);
			return t && t.anchor.status !== 'exact' ? t : undefined;
		}, 'the anchor did not notice its text was replaced');
		assert.equal(after.anchor.status, 'orphan', `expected an orphan, got ${after.anchor.status}`);
		const picked = await vscode.commands.executeCommand<{ id: string; status: string }>('corroborate.goToAnnotation', { id: annotation.id });
		assert.deepEqual(picked, { id: annotation.id, status: 'orphan' });
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await waitFor(() => api.service.snapshot(document.uri)?.annotations.find((x) => x.annotation.id === annotation.id)?.anchor.status === 'exact', 'reverting did not bring the anchor back');
	});

	it('annotating or editing a note in a document with unsaved edits keeps the other annotations\' stored positions on the saved text, so a revert leaves the sidecar true', async () => {
		const api = await annotationsApi();
		const editor = await openNew('dirty notes.txt', await seedText(0));
		const { document } = editor;
		const quote = 'Syrian ruler Bashar al-Assad';
		const start = offsetOf(document, quote);
		select(editor, start, start + quote.length);
		const first = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { note: 'First.' });
		assert.ok(first);
		const inserted = 'DRAFT — not for publication\n';
		assert.ok(await editor.edit((edit) => edit.insert(document.positionAt(0), inserted)), 'the edit was not applied');
		assert.ok(document.isDirty);
		// A note edited and a new annotation added while the text is unsaved: both are written at once...
		const edited = await api.service.update(document.uri, first.id, { note: 'First, edited.' });
		assert.ok(edited.ok, edited.ok ? '' : edited.message);
		const other = 'Vladimir Putin';
		const otherStart = offsetOf(document, other);
		select(editor, otherStart, otherStart + other.length);
		const second = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { note: 'Second.' });
		assert.ok(second);
		const written = await until(async () => {
			const now = await sidecarData(document.uri);
			return now?.annotations?.length === 2 ? now : undefined;
		}, 'the second annotation was not written');
		// ...but the untouched target still describes the text on disk, not the unsaved buffer.
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const firstSaved = written.annotations.find((a: any) => a.id === first.id);
		assert.equal(firstSaved.note, 'First, edited.');
		assert.deepEqual(firstSaved.target.position, { start, end: start + quote.length });
		// The analyst reverts: the stored position is still right, and the annotation is exactly on its words.
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await waitFor(() => !document.isDirty, 'the revert did not happen');
		await waitFor(() => {
			const anchor = api.service.snapshot(document.uri)?.annotations.find((t) => t.annotation.id === first.id)?.anchor;
			return anchor?.status === 'exact' && anchor.start === start;
		}, 'the annotation is not back on its words after the revert');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const afterRevert = (await sidecarData(document.uri)).annotations.find((a: any) => a.id === first.id);
		assert.equal(document.getText().slice(afterRevert.target.position.start, afterRevert.target.position.end), quote);
	});

	it('a sidecar changed on disk (another tool, git pull) updates the threads and decorations', async () => {
		const api = await annotationsApi();
		const editor = await openNew('changed on disk.txt', await seedText(0));
		const { document } = editor;
		const quote = 'John Kerry';
		const start = offsetOf(document, quote);
		select(editor, start, start + quote.length);
		const first = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { kind: 'entity', label: 'Secretary of State' });
		assert.ok(first);
		// Another tool appends a note to the YAML (keeping what is there) and changes the first label.
		const yamlText = decoder.decode(await vscode.workspace.fs.readFile(sidecarOf(document.uri)));
		const doc = parseDocument(yamlText);
		const other = 'Saudi Arabia and Turkey';
		const otherStart = offsetOf(document, other);
		doc.setIn(['annotations', 0, 'label'], 'U.S. Secretary of State');
		(doc.get('annotations') as { add(value: unknown): void }).add(doc.createNode({
			id: 'a-fromanothertool',
			kind: 'note',
			target: { quote: { exact: other, prefix: '', suffix: '' }, position: { start: otherStart + 3, end: otherStart + 3 + other.length } },
			note: 'Added by a script.',
		}));
		await vscode.workspace.fs.writeFile(sidecarOf(document.uri), encoder.encode(doc.toString()));

		const thread = await until(() => api.threadsOf(document.uri).find((t) => t.comments.some((c) => bodyOf(c) === 'Added by a script.')), 'the note added on disk did not appear as a comment thread');
		assert.ok(thread.range);
		// Its stored position was off by three: it was re-anchored by its quote.
		assert.equal(document.offsetAt(thread.range.start), otherStart);
		assert.equal(document.getText(thread.range), other);
		await waitFor(() => decorated(api, editor, 'note').some((span) => span.start === otherStart), 'the note added on disk is not decorated');
		await waitFor(() => api.service.snapshot(document.uri)?.annotations.find((t) => t.annotation.id === first.id)?.annotation.label === 'U.S. Secretary of State', 'the label changed on disk did not reach the editor');
		await api.tree.ready();
		const entry = api.tree.documents().find((d) => d.uri.toString() === document.uri.toString());
		assert.ok(entry, 'the Annotations view does not list the document');
		assert.equal(entry.annotations.length, 2);
	});

	it('merges by id when the sidecar changes on disk while the editor holds unsaved changes: nothing is lost', async () => {
		const api = await annotationsApi();
		const editor = await openNew('merge.txt', await seedText(0));
		const { document } = editor;
		const quote = 'Vladimir Putin';
		const start = offsetOf(document, quote);
		select(editor, start, start + quote.length);
		const mine = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { note: 'Mine.' });
		assert.ok(mine);
		// Unsaved text edits: the annotation's position exists only in memory.
		await editor.edit((edit) => edit.insert(document.positionAt(0), 'Analysis draft\n'));
		assert.ok(document.isDirty);
		// Meanwhile another analyst's annotation lands on disk (their copy, without the unsaved edit).
		const data = await sidecarData(document.uri);
		const theirs = 'American-led campaign';
		const theirsStart = (await seedText(0)).indexOf(theirs);
		data.annotations.push({ id: 'a-theirs000000', kind: 'note', target: { quote: { exact: theirs, prefix: '', suffix: '' }, position: { start: theirsStart, end: theirsStart + theirs.length } }, note: 'Theirs.' });
		data.annotations[0].tags = ['checked'];
		await vscode.workspace.fs.writeFile(sidecarOf(document.uri), encoder.encode(JSON.stringify(data)));
		await waitFor(() => api.service.snapshot(document.uri)?.annotations.some((t) => t.annotation.id === 'a-theirs000000'), 'the annotation added on disk was not merged');
		// Saving the document writes both annotations, each at its place in the saved text, with both sides' fields.
		assert.ok(await save(document));
		const expectedMine = start + 'Analysis draft\n'.length;
		const saved = await until(async () => {
			const now = await sidecarData(document.uri);
			return now?.annotations?.length === 2 && now.annotations.find((a: { id: string }) => a.id === mine.id)?.target.position.start === expectedMine ? now : undefined;
		}, 'the saved sidecar lacks one side or the moved position');
		const byId = new Map(saved.annotations.map((a: { id: string }) => [a.id, a]));
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const mineSaved = byId.get(mine.id) as any;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const theirsSaved = byId.get('a-theirs000000') as any;
		assert.equal(mineSaved.note, 'Mine.');
		assert.deepEqual(mineSaved.tags, ['checked']);
		assert.equal(theirsSaved.note, 'Theirs.');
		assert.equal(theirsSaved.target.position.start, document.getText().indexOf(theirs));
	});

	it('a malformed sidecar is reported with line and column, left byte-for-byte unchanged, and annotating is refused until it is fixed', async () => {
		const api = await annotationsApi();
		const name = 'broken notes.txt';
		const documentUri = vscode.Uri.joinPath(scratch(), name);
		const broken = 'version: 1\ndocument: broken notes.txt\nannotations:\n  - id: a-1\n    kind: note\n    target: {quote: {exact: "Kerry"\n    note: unclosed\n';
		const brokenBytes = encoder.encode(broken);
		await vscode.workspace.fs.writeFile(sidecarOf(documentUri), brokenBytes);
		const editor = await openNew(name, await seedText(0));
		const snapshot = api.service.snapshot(documentUri);
		assert.equal(snapshot?.status, 'broken');

		// The Problems panel shows it on the sidecar, with a position inside the file.
		const diagnostics = await until(() => {
			const found = vscode.languages.getDiagnostics(sidecarOf(documentUri)).filter((d) => d.source === 'Corroborate');
			return found.length > 0 ? found : undefined;
		}, 'no diagnostic for the malformed sidecar');
		assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
		assert.ok(diagnostics[0].range.start.line >= 3 && diagnostics[0].range.start.line <= 7, `diagnostic at line ${diagnostics[0].range.start.line + 1}`);
		assert.ok(diagnostics[0].message.length > 5);
		// Opening the sidecar itself shows the same problem in its editor.
		const sidecarDocument = await vscode.workspace.openTextDocument(sidecarOf(documentUri));
		await vscode.window.showTextDocument(sidecarDocument, { preview: false, viewColumn: vscode.ViewColumn.Beside });
		assert.ok(vscode.languages.getDiagnostics(sidecarOf(documentUri)).some((d) => d.source === 'Corroborate'));
		if (canScreenshot()) await screenshot('annotations-malformed-sidecar');

		await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
		const start = offsetOf(editor.document, 'Kerry');
		select(editor, start, start + 5);
		const refused = await vscode.commands.executeCommand('corroborate.annotateSelection', { note: 'should not be written' });
		assert.equal(refused, undefined, 'annotating a document with a broken sidecar was not refused');
		const refusedVerdict = await vscode.commands.executeCommand('corroborate.setClaimVerdict', { verdict: 'false' });
		assert.equal(refusedVerdict, undefined);
		await editor.document.save();
		assert.deepEqual([...((await readBytes(sidecarOf(documentUri))) ?? [])], [...brokenBytes], 'the malformed sidecar was modified');

		// Fixed on disk: the diagnostic goes away and annotating works again.
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
		await vscode.workspace.fs.writeFile(sidecarOf(documentUri), encoder.encode('version: 1\ndocument: broken notes.txt\nannotations: []\n'));
		await waitFor(() => api.service.snapshot(documentUri)?.status === 'ok', 'the fixed sidecar was not picked up');
		await waitFor(() => vscode.languages.getDiagnostics(sidecarOf(documentUri)).filter((d) => d.source === 'Corroborate').length === 0, 'the diagnostic stayed after the fix');
		const shown = await vscode.window.showTextDocument(editor.document);
		select(shown, start, start + 5);
		const accepted = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { note: 'now it works' });
		assert.ok(accepted, 'annotating did not work again after the fix');
		assert.equal((await sidecarData(documentUri)).annotations[0].note, 'now it works');
	});

	it('comment thread round trip on a seed: add from the gutter, reply, edit, delete — each persisted', async () => {
		const api = await annotationsApi();
		const editor = await openSeed(1);
		const { document } = editor;
		const uri = document.uri;
		await waitFor(() => api.service.snapshot(uri)?.status === 'ok', 'the seed\'s annotations were not loaded');
		// Gutter: VS Code creates an empty thread on the line and calls the "Add Note" command with the typed text.
		const line = document.lineAt(2);
		const gutter = api.comments.createCommentThread(uri, new vscode.Range(line.range.start, line.range.start), []);
		const created = await vscode.commands.executeCommand<{ ok: boolean; value: { id: string } }>('corroborate.comments.create', { thread: gutter, text: 'Which **agency** gave this figure?' });
		assert.ok(created.ok);
		const rootId = created.value.id;
		let data = await sidecarData(uri);
		assert.equal(data.annotations.length, 1);
		assert.equal(data.annotations[0].note, 'Which **agency** gave this figure?');
		assert.equal(data.annotations[0].target.quote.exact, line.text.trim(), 'a gutter note annotates the line\'s text');

		const thread = await until(() => api.threadsOf(uri).find((t) => t.comments.length === 1 && (t.comments[0] as AnnotationComment).id === rootId), 'no thread for the new note');
		assert.equal(thread.range?.start.line, 2);
		const replied = await vscode.commands.executeCommand<{ ok: boolean; value: { id: string } }>('corroborate.comments.reply', { thread, text: 'The ministry, per paragraph 4.' });
		assert.ok(replied.ok);
		await waitFor(() => thread.comments.length === 2, 'the reply did not appear in the thread');
		await sleep(300);
		assert.equal(api.liveThreadsOf(uri).length, 1, 'the gutter note is shown in more than one thread');
		data = await sidecarData(uri);
		const reply = data.annotations.find((a: { id: string }) => a.id === replied.value.id);
		assert.ok(reply, 'the reply is not in the sidecar');
		assert.deepEqual(reply.tags, [`reply-to:${rootId}`]);
		assert.equal(reply.note, 'The ministry, per paragraph 4.');

		thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
		await vscode.window.showTextDocument(document, { selection: new vscode.Selection(2, 0, 2, 0) });
		if (canScreenshot()) {
			const png = await screenshot('annotations-comment-thread');
			assert.ok(png && readFileSync(png).length > 10000);
		}

		// Edit the reply.
		const replyComment = thread.comments[1] as AnnotationComment;
		await vscode.commands.executeCommand('corroborate.comments.edit', replyComment);
		assert.equal(thread.comments[1].mode, vscode.CommentMode.Editing);
		replyComment.body = new vscode.MarkdownString('The interior ministry, per paragraph 4.');
		const edited = await vscode.commands.executeCommand<{ ok: boolean }>('corroborate.comments.save', replyComment);
		assert.ok(edited.ok);
		data = await sidecarData(uri);
		assert.equal(data.annotations.find((a: { id: string }) => a.id === replied.value.id).note, 'The interior ministry, per paragraph 4.');
		await waitFor(() => thread.comments[1] && bodyOf(thread.comments[1]) === 'The interior ministry, per paragraph 4.' && thread.comments[1].mode === vscode.CommentMode.Preview, 'the edited reply is not shown');

		// Delete the reply, then the thread's note (which deletes the annotation).
		await vscode.commands.executeCommand('corroborate.comments.delete', thread.comments[1]);
		data = await sidecarData(uri);
		assert.deepEqual(data.annotations.map((a: { id: string }) => a.id), [rootId]);
		await waitFor(() => thread.comments.length === 1, 'the deleted reply is still shown');
		await vscode.commands.executeCommand('corroborate.comments.delete', thread.comments[0]);
		data = await sidecarData(uri);
		assert.deepEqual(data.annotations, []);
		await waitFor(() => api.threadsOf(uri).length === 0, 'the deleted note\'s thread is still shown');
	});

	it('Edit Annotation, Set Claim Verdict, Delete Annotation and Go to Annotation act on the annotation at the cursor', async () => {
		const api = await annotationsApi();
		const editor = await openNew('commands.txt', await seedText(0));
		const { document } = editor;
		const quote = 'more than four years ago';
		const start = offsetOf(document, quote);
		select(editor, start, start + quote.length);
		const created = await vscode.commands.executeCommand<{ id: string; kind: string }>('corroborate.annotateSelection', {});
		assert.equal(created?.kind, 'highlight');
		editor.selection = new vscode.Selection(document.positionAt(start + 3), document.positionAt(start + 3));
		await waitFor(() => api.service.annotationAt(document.uri, start + 3)?.annotation.id === created.id, 'no annotation at the cursor');
		const edited = await vscode.commands.executeCommand<{ label: string; note: string }>('corroborate.editAnnotation', { label: 'Duration', note: 'Conflict began March 2011.' });
		assert.equal(edited?.label, 'Duration');
		const judged = await vscode.commands.executeCommand<{ verdict: string; kind: string }>('corroborate.setClaimVerdict', { verdict: 'supported' });
		assert.equal(judged?.verdict, 'supported');
		assert.equal(judged?.kind, 'claim', 'a highlight given a verdict becomes a claim');
		let saved = (await sidecarData(document.uri)).annotations[0];
		assert.equal(saved.label, 'Duration');
		assert.equal(saved.note, 'Conflict began March 2011.');
		assert.equal(saved.verdict, 'supported');
		const went = await vscode.commands.executeCommand<{ id: string; status: string; range: vscode.Range }>('corroborate.goToAnnotation', { id: created.id });
		assert.equal(went?.status, 'exact');
		assert.equal(document.getText(went.range), quote);
		assert.equal(vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection), quote, 'Go to Annotation did not select the span');
		assert.equal(await vscode.commands.executeCommand('corroborate.deleteAnnotation', { id: created.id }), true);
		saved = await sidecarData(document.uri);
		assert.deepEqual(saved.annotations, []);
		await waitFor(() => decorated(api, editor, 'claim').length === 0, 'the deleted annotation is still decorated');
		// Set Claim Verdict with the cursor on a claim the engine found (no selection): a claim annotation on exactly that claim.
		const engine = await waitForActivation();
		const claim = engine.analysisOf(document).claims.find((c) => !api.service.annotationAt(document.uri, c.start));
		assert.ok(claim, 'no engine claim in the document');
		editor.selection = new vscode.Selection(document.positionAt(claim.start + 1), document.positionAt(claim.start + 1));
		const onClaim = await vscode.commands.executeCommand<{ id: string; kind: string; verdict: string; target: { position: { start: number; end: number } } }>('corroborate.setClaimVerdict', { verdict: 'disputed' });
		assert.ok(onClaim, 'Set Claim Verdict on an engine claim created nothing');
		assert.equal(onClaim.kind, 'claim');
		assert.equal(onClaim.verdict, 'disputed');
		assert.deepEqual(onClaim.target.position, { start: claim.start, end: claim.end });
		assert.equal(await vscode.commands.executeCommand('corroborate.deleteAnnotation', { id: onClaim.id }), true);
		// The editor context menu offers the commands (contributions exist and are registered).
		const commands = await vscode.commands.getCommands(true);
		for (const id of ['corroborate.annotateSelection', 'corroborate.editAnnotation', 'corroborate.deleteAnnotation', 'corroborate.setClaimVerdict', 'corroborate.goToAnnotation', 'corroborate.markAsEntity', 'corroborate.notAnEntity', 'corroborate.mergeEntity']) assert.ok(commands.includes(id), `${id} is not registered`);
	});

	it('Annotate Selection without arguments asks for label, note and verdict through quick inputs', async () => {
		const editor = await openNew('interactive.txt', await seedText(0));
		const { document } = editor;
		const quote = 'top diplomats from Saudi Arabia';
		const start = offsetOf(document, quote);
		select(editor, start, start + quote.length);
		const pending = Promise.resolve(vscode.commands.executeCommand<{ kind: string; verdict?: string; label?: string } | undefined>('corroborate.annotateSelection'));
		// Label and note: accept them empty; verdict: the item after "No verdict", which is "supported".
		await sleep(800);
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		await sleep(800);
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		await sleep(800);
		await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		const created = await pending;
		assert.ok(created, 'the interactive annotation was not created');
		assert.equal(created.kind, 'claim');
		assert.equal(created.verdict, 'supported');
		assert.equal(created.label, undefined, 'an empty label is left out');
		const saved = (await sidecarData(document.uri)).annotations[0];
		assert.equal(saved.target.quote.exact, quote);
		assert.equal(saved.verdict, 'supported');
		assert.equal('label' in saved, false);
	});

	it('documents with CRLF line ends, a BOM and non-ASCII text anchor by UTF-16 offsets of the BOM-less text', async () => {
		const text = 'Zürich, 3 März\r\nThe cantonal office reported 1 204 cases 😷 in Genève.\r\nFollow-up: 🇨🇭 Zürich again.\r\n';
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]);
		const editor = await openNew('zürich crlf.txt', bytes);
		const { document } = editor;
		assert.equal(document.eol, vscode.EndOfLine.CRLF);
		const quote = 'in Genève';
		const start = text.indexOf(quote);
		assert.equal(document.getText().indexOf(quote), start, 'VS Code and the core disagree on offsets');
		select(editor, start, start + quote.length);
		const created = await vscode.commands.executeCommand<{ id: string }>('corroborate.annotateSelection', { note: 'Accents and emoji before it.' });
		assert.ok(created);
		const saved = (await sidecarData(document.uri)).annotations[0];
		assert.deepEqual(saved.target.position, { start, end: start + quote.length });
		assert.equal(saved.target.quote.exact, quote);
		assert.ok(saved.target.quote.prefix.includes('😷'));
		assert.equal((await sidecarData(document.uri)).document, 'zürich crlf.txt');
	});

	it('a binary file gets a clear message and no sidecar', async () => {
		const api = await annotationsApi();
		const uri = vscode.Uri.joinPath(scratch(), 'scan.txt');
		await vscode.workspace.fs.writeFile(uri, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x00, 0x41, 0x42, 0x0a]));
		let document: vscode.TextDocument | undefined;
		try {
			document = await vscode.workspace.openTextDocument(uri);
		} catch {
			// VS Code itself refuses to open some binary files as text: nothing to annotate then.
		}
		if (document) {
			const refusal = api.service.refusalFor(document);
			assert.match(refusal ?? '', /binary/);
			const result = await vscode.commands.executeCommand('corroborate.annotateSelection', { uri, start: 0, end: 3, note: 'x' });
			assert.equal(result, undefined);
		}
		assert.equal(await exists(sidecarOf(uri)), false, 'a sidecar was written for a binary file');
	});

	it('the Annotations view lists a closed document\'s orphans with their quotes and re-anchors them when the file changes on disk', async () => {
		const api = await annotationsApi();
		const uri = vscode.Uri.joinPath(scratch(), 'closed report.txt');
		const text = 'The ministry said 40 people were hurt.\nOfficials later revised the figure.\n';
		const present = 'Officials later revised';
		const missing = 'the governor resigned';
		const sidecar = [
			'version: 1',
			'document: closed report.txt',
			'annotations:',
			`  - id: a-present00001\n    kind: note\n    target:\n      quote: {exact: "${present}", prefix: "", suffix: ""}\n      position: {start: ${text.indexOf(present)}, end: ${text.indexOf(present) + present.length}}\n    note: still here`,
			`  - id: a-missing00001\n    kind: claim\n    label: Resignation\n    target:\n      quote: {exact: "${missing}", prefix: "", suffix: ""}\n      position: {start: 5, end: ${5 + missing.length}}`,
			'',
		].join('\n');
		await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
		await vscode.workspace.fs.writeFile(sidecarOf(uri), encoder.encode(sidecar));
		const entry = await until(async () => {
			await api.tree.ready();
			return api.tree.documents().find((d) => d.uri.toString() === uri.toString());
		}, 'the Annotations view does not list the closed document');
		assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), false, 'the test document should stay closed');
		const statuses = Object.fromEntries(entry.annotations.map((t) => [t.annotation.id, t.anchor.status]));
		assert.deepEqual(statuses, { 'a-present00001': 'exact', 'a-missing00001': 'orphan' });
		const [documentNode] = api.tree.getChildren().filter((node) => node.kind === 'document' && node.entry.uri.toString() === uri.toString());
		const orphanItem = api.tree.getChildren(documentNode).map((node) => api.tree.getTreeItem(node)).find((item) => item.id?.endsWith('#a-missing00001'));
		assert.ok(orphanItem, 'the orphan is not listed');
		assert.match(String(orphanItem.description), /orphan: \u201cthe governor resigned\u201d/);
		assert.equal((orphanItem.iconPath as vscode.ThemeIcon).id, 'warning');
		if (canScreenshot()) {
			await vscode.commands.executeCommand('corroborate.annotations.focus');
			await screenshot('annotations-view-orphan');
		}
		// The text comes back in another editor: the view re-anchors it without the document being opened.
		await vscode.workspace.fs.writeFile(uri, encoder.encode(`${text}Late news: the governor resigned.\n`));
		await until(async () => {
			await api.tree.ready();
			return api.tree.documents().find((d) => d.uri.toString() === uri.toString())?.annotations.find((t) => t.annotation.id === 'a-missing00001')?.anchor.status === 'moved';
		}, 'the orphan was not found again after the document changed on disk');
	});

	it('a publication date in the sidecar\'s metadata is the one the engine uses, and follows changes on disk', async () => {
		const engine = await waitForActivation();
		const api = await annotationsApi();
		const uri = vscode.Uri.joinPath(scratch(), 'dated.txt');
		await vscode.workspace.fs.writeFile(sidecarOf(uri), encoder.encode('version: 1\ndocument: dated.txt\nmetadata:\n  published: "2015-10-22"\nannotations: []\n'));
		const editor = await openNew('dated.txt', await seedText(0));
		assert.equal(api.service.metadataOf(uri)?.published, '2015-10-22');
		assert.equal(engine.analysisOf(editor.document).published, '2015-10-22');
		await vscode.workspace.fs.writeFile(sidecarOf(uri), encoder.encode('version: 1\ndocument: dated.txt\nmetadata:\n  published: "2016-01-05"\nannotations: []\n'));
		await waitFor(() => engine.analysisOf(editor.document).published === '2016-01-05', 'the changed publication date did not reach the analysis');
	});

	it('Not an Entity, Mark as Entity… and Merge with… write corroborate.entities.yaml and the next analysis applies it', async () => {
		const api = await waitForActivation();
		const annotations = await annotationsApi();
		const editor = await openNew('registry.txt', await seedText(0));
		const { document } = editor;
		const registryUri = vscode.Uri.joinPath(workspaceFolder(), 'corroborate.entities.yaml');
		const before = api.analysisOf(document).entities;
		const kerry = before.find((mention) => mention.text === 'John Kerry' || mention.canonical === 'John Kerry');
		assert.ok(kerry, 'the engine does not find John Kerry in seed 000');
		const victim = before.find((mention) => mention.type === 'PLACE');
		assert.ok(victim, 'no place in seed 000');

		assert.equal(await vscode.commands.executeCommand('corroborate.notAnEntity', { name: victim.text }), true);
		assert.ok(await exists(registryUri), 'no registry written at the workspace root');
		let registry = parse(decoder.decode(await vscode.workspace.fs.readFile(registryUri)));
		assert.ok(JSON.stringify(registry.suppress).includes(victim.text));
		await waitFor(() => !api.analysisOf(document).entities.some((m) => m.text === victim.text), `${victim.text} is still an entity after Not an Entity`);

		const word = 'Washington';
		assert.ok(document.getText().includes(word));
		assert.equal(await vscode.commands.executeCommand('corroborate.markAsEntity', { name: word, type: 'ORG', canonical: 'U.S. Government' }), true);
		await waitFor(() => api.analysisOf(document).entities.some((m) => m.text === word && m.type === 'ORG' && m.canonical === 'U.S. Government'), 'Mark as Entity did not reach the analysis');

		const kerryMentions = api.analysisOf(document).entities.filter((m) => m.canonical === kerry.canonical).length;
		assert.equal(await vscode.commands.executeCommand('corroborate.mergeEntity', { alias: kerry.canonical, canonical: 'Secretary Kerry', type: 'PERSON' }), true);
		registry = parse(decoder.decode(await vscode.workspace.fs.readFile(registryUri)));
		assert.ok(registry.entities.some((e: { canonical: string; aliases?: string[] }) => e.canonical === 'Secretary Kerry' && e.aliases?.includes(kerry.canonical)));
		await waitFor(() => api.analysisOf(document).entities.filter((m) => m.canonical === 'Secretary Kerry').length === kerryMentions && !api.analysisOf(document).entities.some((m) => m.canonical === kerry.canonical), 'Merge with did not move every mention of John Kerry to the merged entity');

		// A malformed registry: a diagnostic, the file untouched, the commands refused, the last valid registry kept.
		const brokenBytes = encoder.encode('version: 1\nentities:\n  - canonical: [unclosed\n');
		await vscode.workspace.fs.writeFile(registryUri, brokenBytes);
		await waitFor(() => vscode.languages.getDiagnostics(registryUri).some((d) => d.source === 'Corroborate'), 'no diagnostic for the malformed registry');
		assert.equal(await vscode.commands.executeCommand('corroborate.notAnEntity', { name: 'Moscow' }), false);
		assert.deepEqual([...(await vscode.workspace.fs.readFile(registryUri))], [...brokenBytes], 'the malformed registry was modified');
		assert.ok(annotations.registry.current.entities.length > 0, `the last valid registry was dropped: ${JSON.stringify(annotations.registry.current)}, problems ${JSON.stringify(annotations.registry.problems)}`);
	});
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAnchors } from '../../src/cli/anchors';
import { runAnnotate } from '../../src/cli/annotate';
import { CliError } from '../../src/cli/io';
import { sidecarPathFor } from '../../src/core/annotations/model';

/** Runs a CLI function, returning what it printed on stdout. */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string }> {
	const write = process.stdout.write;
	let out = '';
	process.stdout.write = ((chunk: string | Uint8Array) => {
		out += String(chunk);
		return true;
	}) as typeof process.stdout.write;
	try {
		return { code: await run(), out };
	} finally {
		process.stdout.write = write;
	}
}

function setup(content: string | Buffer, name = 'field report.txt'): string {
	const dir = mkdtempSync(join(tmpdir(), 'corroborate-cli-'));
	const doc = join(dir, name);
	writeFileSync(doc, content);
	return doc;
}

describe('cli: annotate and anchors', () => {
	it('annotate --json prints the id, and anchors --json finds it exactly (BOM, CRLF, non-ASCII, spaces in the name)', async () => {
		const doc = setup('\ufeffDépêche\r\nLe ministère a compté 46 sorties à Genève.\r\n');
		const text = readFileSync(doc, 'utf8').slice(1);
		const start = text.indexOf('46 sorties');
		const added = await capture(() => runAnnotate([doc, '--start', String(start), '--end', String(start + 10), '--note', 'à vérifier', '--kind', 'claim', '--label', 'sorties', '--json']));
		assert.equal(added.code, 0);
		const { id } = JSON.parse(added.out);
		assert.match(id, /^a-/);
		const yaml = readFileSync(sidecarPathFor(doc), 'utf8');
		assert.match(yaml, /kind: claim/);
		assert.match(yaml, /note: à vérifier/);
		const anchors = await capture(() => runAnchors(['--json', doc]));
		assert.deepEqual(JSON.parse(anchors.out), { document: doc, annotations: [{ id, status: 'exact', start, end: start + 10, text: '46 sorties', quote: '46 sorties' }] });
	});

	it('anchors reports moved and orphaned annotations without rewriting the sidecar', async () => {
		const doc = setup('Alpha talks in Geneva. Beta met in Vienna.');
		const first = JSON.parse((await capture(() => runAnnotate([doc, '--start', '15', '--end', '21', '--json']))).out).id;
		const second = JSON.parse((await capture(() => runAnnotate([doc, '--start', '35', '--end', '41', '--json']))).out).id;
		const before = readFileSync(sidecarPathFor(doc));
		writeFileSync(doc, 'New intro. Alpha talks in Geneva. Beta met in Paris.');
		const lines = (await capture(() => runAnchors(['--json', doc, doc]))).out.trim().split('\n');
		assert.equal(lines.length, 2);
		const report = JSON.parse(lines[0]);
		assert.deepEqual(report.annotations, [
			{ id: first, status: 'moved', start: 26, end: 32, text: 'Geneva', quote: 'Geneva' },
			{ id: second, status: 'orphan', start: null, end: null, text: null, quote: 'Vienna' },
		]);
		assert.deepEqual(readFileSync(sidecarPathFor(doc)), before);
		const table = (await capture(() => runAnchors([doc]))).out;
		assert.match(table, /1 orphaned/);
	});

	it('refuses bad spans, unknown kinds, binary files and broken sidecars with one-line messages', async () => {
		const doc = setup('short text');
		await assert.rejects(runAnnotate([doc, '--start', '3', '--end', '99']), (e: unknown) => e instanceof CliError && /outside the document/.test(e.message));
		await assert.rejects(runAnnotate([doc, '--start', 'x', '--end', '4']), (e: unknown) => e instanceof CliError && e.exitCode === 2);
		await assert.rejects(runAnnotate([doc, '--start', '0', '--end', '4', '--kind', 'rumour']), (e: unknown) => e instanceof CliError && /--kind must be one of/.test(e.message));
		const binary = setup(Buffer.from([0x47, 0x00, 0x01, 0x02]), 'image.txt');
		await assert.rejects(runAnchors([binary]), (e: unknown) => e instanceof CliError && /binary/.test(e.message));
		const huge = setup(Buffer.alloc(21 * 1024 * 1024, 0x61), 'huge.txt');
		await assert.rejects(runAnnotate([huge, '--start', '0', '--end', '4']), (e: unknown) => e instanceof CliError && /MB; the limit is/.test(e.message));
		writeFileSync(sidecarPathFor(doc), 'version: 1\nannotations:\n  - id: [\n');
		const broken = readFileSync(sidecarPathFor(doc));
		await assert.rejects(runAnnotate([doc, '--start', '0', '--end', '5']), (e: unknown) => e instanceof CliError && /annotations\.yaml:\d+:\d+: .*not changed/.test(e.message));
		await assert.rejects(runAnchors([doc]), (e: unknown) => e instanceof CliError && /annotations\.yaml:\d+:\d+:/.test(e.message));
		assert.deepEqual(readFileSync(sidecarPathFor(doc)), broken);
		assert.equal(existsSync(sidecarPathFor(binary)), false);
	});

	it('the built CLI exits non-zero with one line and no stack trace', function () {
		const cli = resolve(__dirname, '../../../dist/cli.js');
		if (!existsSync(cli)) this.skip();
		const doc = setup('short text');
		const result = spawnSync(process.execPath, [cli, 'annotate', doc, '--start', '5', '--end', '2'], { encoding: 'utf8' });
		assert.equal(result.status, 1);
		assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		assert.match(result.stderr, /^corroborate: .*end must be greater than start/);
	});
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addAnnotation } from '../../src/core/annotations/edit';
import { emptySidecar, sidecarPathFor } from '../../src/core/annotations/model';
import { nodeFileSystem } from '../../src/core/annotations/node-fs';
import { parseSidecar } from '../../src/core/annotations/sidecar';
import { loadSidecar, saveSidecar } from '../../src/core/annotations/store';

const SEED = resolve(__dirname, '../../../seeds/000_621a9f7a389d3fa3.txt');

/** Runs git in `cwd` with a neutral configuration; returns its result without throwing. */
function git(cwd: string, ...args: string[]): { status: number | null; out: string } {
	const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
	});
	return { status: result.status, out: result.stdout + result.stderr };
}

function mustGit(cwd: string, ...args: string[]): string {
	const result = git(cwd, ...args);
	assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.out}`);
	return result.out;
}

/** Loads the document's sidecar, annotates the first occurrence of `quote`, saves. */
async function annotate(doc: string, quote: string, note: string): Promise<void> {
	const text = readFileSync(doc, 'utf8').replace(/^\ufeff/, '');
	const loaded = await loadSidecar(nodeFileSystem, doc);
	assert.notEqual(loaded.status, 'broken');
	if (loaded.status === 'broken') return;
	const start = text.indexOf(quote);
	assert.ok(start >= 0, quote);
	const { sidecar } = addAnnotation(loaded.sidecar, text, start, start + quote.length, { note, author: note });
	const saved = await saveSidecar(nodeFileSystem, doc, sidecar, loaded.status === 'ok' ? loaded.text : undefined);
	assert.ok(saved.ok);
}

describe('sidecars in git', function () {
	this.timeout(30000);

	it('two analysts annotating different places on two branches merge without conflict', async function () {
		if (git(tmpdir(), '--version').status !== 0) this.skip();
		const repo = mkdtempSync(join(tmpdir(), 'corroborate-git-'));
		mustGit(repo, 'init', '-q');
		mustGit(repo, 'checkout', '-q', '-b', 'main');
		const doc = join(repo, 'article one.txt');
		copyFileSync(SEED, doc);
		const words = readFileSync(doc, 'utf8').match(/[A-Z][a-z]{5,}/g) ?? [];
		const [first, second, third, fourth, fifth] = [words[2], words[Math.floor(words.length / 4)], words[Math.floor(words.length / 2)], words[Math.floor((3 * words.length) / 4)], words[words.length - 2]];
		// A shared starting point: three annotations spread over the document.
		await annotate(doc, first, 'base 1');
		await annotate(doc, third, 'base 2');
		await annotate(doc, fifth, 'base 3');
		mustGit(repo, 'add', '.');
		mustGit(repo, 'commit', '-q', '-m', 'base');

		mustGit(repo, 'checkout', '-q', '-b', 'alice');
		await annotate(doc, second, 'alice');
		mustGit(repo, 'commit', '-q', '-am', 'alice');

		mustGit(repo, 'checkout', '-q', 'main');
		mustGit(repo, 'checkout', '-q', '-b', 'bob');
		await annotate(doc, fourth, 'bob');
		mustGit(repo, 'commit', '-q', '-am', 'bob');

		mustGit(repo, 'checkout', '-q', 'alice');
		const merge = git(repo, 'merge', '--no-edit', 'bob');
		assert.equal(merge.status, 0, `merge failed: ${merge.out}`);
		const merged = readFileSync(sidecarPathFor(doc), 'utf8');
		assert.ok(!merged.includes('<<<<<<<'));
		const parsed = parseSidecar(merged, 'merged');
		assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
		if (!parsed.ok) return;
		assert.deepEqual(parsed.sidecar.annotations.map((a) => a.note), ['base 1', 'alice', 'base 2', 'bob', 'base 3']);
		assert.equal(parsed.sidecar.document, 'article one.txt');
		assert.deepEqual(emptySidecar(doc).document, 'article one.txt');
	});
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../../dist/cli.js');

/** Runs the bundled CLI as a user would. */
function cli(args: string[], input?: string) {
	const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });
	return { code: result.status, out: result.stdout, err: result.stderr };
}

const made: string[] = [];
function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'corroborate-extract-'));
	made.push(dir);
	return dir;
}

describe('corroborate extract (CLI)', function () {
	// Each case starts the bundled CLI (about 0.3 s alone, several seconds on a loaded 2-core machine).
	this.timeout(60000);
	after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
	const article = 'WASHINGTON — Secretary of State John Kerry met Sergei Lavrov in Geneva last month, officials said.\n';

	it('prints one protocol object per file with UTF-16 offsets into the BOM-stripped text', () => {
		const dir = tempDir();
		const file = join(dir, 'a.txt');
		writeFileSync(file, '\uFEFF' + article);
		const { code, out } = cli(['extract', '--json', file]);
		assert.equal(code, 0);
		const result = JSON.parse(out);
		assert.equal(result.document, file);
		assert.deepEqual(Object.keys(result).sort(), ['boilerplate', 'claims', 'document', 'entities', 'numbers']);
		const kerry = result.entities.find((e: { text: string }) => e.text === 'John Kerry');
		assert.ok(kerry, 'John Kerry is found');
		assert.equal(article.slice(kerry.start, kerry.end), 'John Kerry');
		assert.equal(kerry.type, 'PERSON');
	});

	it('answers --stdin --jsonl line by line, keeping ids', () => {
		const input = [JSON.stringify({ id: 7, text: 'at least 127 civilians' }), JSON.stringify({ id: 'b', text: 'nothing here' })].join('\n');
		const { code, out } = cli(['extract', '--stdin', '--jsonl'], input);
		assert.equal(code, 0);
		const lines = out.trim().split('\n').map((line) => JSON.parse(line));
		assert.deepEqual(lines.map((l) => l.id), [7, 'b']);
		assert.deepEqual(lines[0].numbers[0].value, { low: 127, high: null, lowInclusive: true, highInclusive: false });
	});

	it('gives one canonical name per entity across --stdin --jsonl lines, as across files', () => {
		const lines = [
			{ id: 1, text: 'DAMASCUS — President Bashar al-Assad of Syria met envoys on Monday.\n' },
			{ id: 2, text: 'Rebels said Assad would not attend the talks, and Mr. Assad did not comment.\n' },
		];
		const { code, out } = cli(['extract', '--stdin', '--jsonl'], lines.map((l) => JSON.stringify(l)).join('\n'));
		assert.equal(code, 0);
		const results = out.trim().split('\n').map((line) => JSON.parse(line));
		const canonicals = results.flatMap((r) => r.entities.filter((e: { text: string }) => /Assad/.test(e.text)).map((e: { canonical: string }) => e.canonical));
		assert.equal(canonicals.length, 3);
		assert.deepEqual(new Set(canonicals), new Set(['Bashar al-Assad']));
		// Each line alone names him by what it says.
		const alone = JSON.parse(cli(['extract', '--stdin', '--jsonl'], JSON.stringify(lines[1])).out);
		assert.equal(alone.entities.find((e: { text: string }) => e.text === 'Assad').canonical, 'Assad');
	});

	it('resolves relative dates against the publication date recorded in the sidecar', () => {
		const dir = tempDir();
		const file = join(dir, 'undated.txt');
		writeFileSync(file, article);
		const before = JSON.parse(cli(['extract', '--json', file]).out);
		const lastMonth = before.claims.find((c: { text: string }) => c.text === 'last month');
		assert.ok(lastMonth, '"last month" is a date claim');
		assert.equal(lastMonth.value.low, null, 'no date in the text: unresolved');
		writeFileSync(`${file}.annotations.yaml`, 'version: 1\ndocument: undated.txt\nmetadata:\n  published: 2015-10-21\nannotations: []\n');
		const after = JSON.parse(cli(['extract', '--json', file]).out);
		const resolved = after.claims.find((c: { text: string }) => c.text === 'last month');
		assert.deepEqual([resolved.value.low, resolved.value.high], ['2015-09-01', '2015-09-30']);
	});

	it('applies the nearest entity registry: a suppressed name is no longer an entity', () => {
		const dir = tempDir();
		const file = join(dir, 'doc.txt');
		writeFileSync(file, article);
		assert.ok(JSON.parse(cli(['extract', '--json', file]).out).entities.some((e: { text: string }) => e.text === 'Geneva'));
		writeFileSync(join(dir, 'corroborate.entities.yaml'), 'version: 1\nsuppress:\n  - text: Geneva\n');
		const entities = JSON.parse(cli(['extract', '--json', file]).out).entities;
		assert.ok(!entities.some((e: { text: string }) => e.text === 'Geneva'), 'Geneva suppressed by the registry');
		assert.ok(JSON.parse(cli(['extract', '--json', '--no-registry', file]).out).entities.some((e: { text: string }) => e.text === 'Geneva'));
	});

	it('refuses a malformed registry with file, line and cause', () => {
		const dir = tempDir();
		const file = join(dir, 'doc.txt');
		writeFileSync(file, article);
		writeFileSync(join(dir, 'corroborate.entities.yaml'), 'version: 1\nsuppress: [unclosed\n');
		const { code, err, out } = cli(['extract', '--json', file]);
		assert.notEqual(code, 0);
		assert.equal(out, '');
		assert.match(err, /^corroborate: .*corroborate\.entities\.yaml:\d+:\d+: /);
		assert.equal(err.trim().split('\n').length, 1, 'one line, no stack trace');
	});

	for (const [name, bytes, pattern] of [
		['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), /binary/],
		['latin-1', Buffer.from('caf\xe9 cr\xe8me', 'latin1'), /not valid UTF-8/],
	] as const) {
		it(`refuses ${name} input with a one-line message`, () => {
			const file = join(tempDir(), `${name}.txt`);
			writeFileSync(file, bytes);
			const { code, err } = cli(['extract', file]);
			assert.equal(code, 1);
			assert.match(err, pattern);
			assert.equal(err.trim().split('\n').length, 1);
		});
	}

	it('reports a missing file and a directory without a stack trace', () => {
		const dir = tempDir();
		for (const [target, pattern] of [[join(dir, 'nope.txt'), /no such file/], [dir, /is a directory/]] as const) {
			const { code, err } = cli(['extract', target]);
			assert.equal(code, 1);
			assert.match(err, pattern);
			assert.doesNotMatch(err, /\n\s+at /);
		}
	});

	it('reads a registry with a BOM, and refuses a non-UTF-8 one with its file name', () => {
		const dir = tempDir();
		const file = join(dir, 'doc.txt');
		writeFileSync(file, article);
		writeFileSync(join(dir, 'corroborate.entities.yaml'), '\uFEFFversion: 1\nsuppress:\n  - text: Geneva\n');
		assert.ok(!JSON.parse(cli(['extract', '--json', file]).out).entities.some((e: { text: string }) => e.text === 'Geneva'));
		writeFileSync(join(dir, 'corroborate.entities.yaml'), Buffer.from('version: 1\nsuppress:\n  - text: Gen\xe8ve\n', 'latin1'));
		const { code, err } = cli(['extract', '--json', file]);
		assert.equal(code, 1);
		assert.match(err, /corroborate\.entities\.yaml:1:1: .*UTF-8/);
	});

	it('refuses invalid UTF-8 on stdin instead of replacing it', () => {
		const result = spawnSync(process.execPath, [CLI, 'extract', '--stdin', '--jsonl'], { input: Buffer.from('{"id":1,"text":"caf\xe9"}\n', 'latin1'), encoding: 'utf8' });
		assert.equal(result.status, 1);
		assert.match(result.stderr, /stdin: not valid UTF-8/);
	});

	it('turns a file-system failure on a sidecar path into one line, not a stack trace', () => {
		const dir = tempDir();
		const file = join(dir, 'doc.txt');
		writeFileSync(file, article);
		mkdirSync(`${file}.annotations.yaml`);
		const { code, err } = cli(['anchors', file]);
		assert.equal(code, 1);
		assert.match(err, /^corroborate: .*EISDIR/);
		assert.equal(err.trim().split('\n').length, 1);
	});
});

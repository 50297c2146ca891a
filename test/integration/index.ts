// Tests module loaded by VS Code's extension host (extensionTestsPath): runs mocha over the
// integration test files and reports to the driver through files (see support/channel.ts), because the
// driver cannot read the extension host's stdout when it runs inside code-server.
// Environment (set by scripts/run-integration.mjs on the code-server process, inherited by the host):
//   CORROBORATE_IT_RESULTS   folder for started.json, mocha.log (reporter output) and results.json
//   CORROBORATE_IT_SPEC_DIR  folder of *.test.js files, relative to the repo (default out/test/integration)
//   CORROBORATE_IT_FILES     optional comma-separated file names to run (for example activation.test.js)
//   CORROBORATE_IT_GREP      optional mocha --grep pattern
import { appendFileSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';

/** Outcome of one run, written to results.json for the driver. */
export interface RunResults {
	vscodeVersion: string;
	tests: number;
	passes: number;
	failures: number;
	pending: number;
	durationMs: number;
	failed: { title: string; error: string }[];
}

/** The repository root: this file is out/test/integration/index.js. */
const REPO = resolve(__dirname, '..', '..', '..');

/** Every *.test.js file under `dir`, sorted so runs are reproducible. */
function testFiles(dir: string): string[] {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.test.js'))
		.sort()
		.map((name) => join(dir, name));
}

/** Called by VS Code after the extension under development is loaded; rejects when any test fails. */
export async function run(): Promise<void> {
	const results = process.env.CORROBORATE_IT_RESULTS;
	const log = (...args: unknown[]) => {
		const line = format(...args);
		console.log(line);
		if (results) appendFileSync(join(results, 'mocha.log'), line + '\n');
	};
	if (results) {
		mkdirSync(results, { recursive: true });
		writeFileSync(join(results, 'started.json'), JSON.stringify({ vscodeVersion: vscode.version, node: process.version, pid: process.pid }));
	}
	const startedAt = Date.now();
	const specDir = resolve(REPO, process.env.CORROBORATE_IT_SPEC_DIR || 'out/test/integration');
	const only = (process.env.CORROBORATE_IT_FILES || '').split(',').map((name) => name.trim()).filter(Boolean);
	const files = testFiles(specDir).filter((file) => only.length === 0 || only.some((name) => file.endsWith(`/${name}`)));
	log(`VS Code ${vscode.version} extension host (${vscode.env.appName}, Node ${process.version}): ${files.length} test file(s) in ${relative(REPO, specDir)}`);

	// mocha 12 is an ES module: import it dynamically from this CommonJS file.
	const { default: Mocha } = await import('mocha');
	Mocha.reporters.Base.consoleLog = log;
	const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30000, grep: process.env.CORROBORATE_IT_GREP || undefined });
	for (const file of files) mocha.addFile(file);

	const failed: RunResults['failed'] = [];
	let outcome: RunResults;
	try {
		const runner = mocha.run();
		runner.on('fail', (test, error: Error) => failed.push({ title: test.fullTitle(), error: String(error?.stack ?? error) }));
		await new Promise<void>((done) => runner.on('end', () => done()));
		const stats = runner.stats ?? { tests: 0, passes: 0, failures: failed.length, pending: 0 };
		outcome = { vscodeVersion: vscode.version, tests: stats.tests, passes: stats.passes, failures: stats.failures, pending: stats.pending, durationMs: Date.now() - startedAt, failed };
	} catch (error) {
		// A test file that throws while loading ends up here.
		log('Could not run the integration tests:', error);
		failed.push({ title: 'loading test files', error: String((error as Error)?.stack ?? error) });
		outcome = { vscodeVersion: vscode.version, tests: 0, passes: 0, failures: 1, pending: 0, durationMs: Date.now() - startedAt, failed };
	}
	if (results) {
		// Written then renamed, so the driver never reads half a file.
		writeFileSync(join(results, 'results.json.tmp'), JSON.stringify(outcome, null, 2));
		renameSync(join(results, 'results.json.tmp'), join(results, 'results.json'));
	}
	if (outcome.failures > 0) throw new Error(`${outcome.failures} integration test(s) failed`);
	if (outcome.tests === 0) throw new Error('no integration tests ran');
}

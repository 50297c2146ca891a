// Integration test driver: runs the mocha suite inside a real VS Code extension host (code-server
// 4.100.3 = VS Code 1.100.3, driven by headless Chromium through playwright-core).
//
// Steps (all by default, or pick with --step NAME, repeatable):
//   main       the extension under development + out/test/integration/**/*.test.js
//   packaged   packages corroborate.vsix with vsce (the flags of `npm run package`), installs it with
//              --install-extension into a fresh extensions dir, and runs out/test/fixtures/vsix-probe/
//              *.test.js with the empty probe extension as the development path, so the Corroborate
//              that activates is the installed one
//   Results: test-results/integration/<step>/ (mocha.log, results.json, code-server.log, browser.log);
//   screenshots that tests request: test-results/screenshots/.
//   self-test  builds a copy of the extension whose activate() throws and checks that this driver
//              exits non-zero on it (proves a broken extension fails the run)
//
// Talks to the tests through files (see test/integration/support/channel.ts). Always stops the
// code-server process group and the browser: on success, failure, time-out, SIGINT and SIGTERM.
// Exit status: 0 only when every step passed and at least one test ran.
//
// Options: --step NAME, --files a.test.js,b.test.js (main only), --grep PATTERN, --timeout SECONDS
// (per step, default 600 or $CORROBORATE_IT_TIMEOUT), --no-build, --keep (keep temp folders),
// --extension-path DIR, --results DIR and --quiet (used by the self-test).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, readSync, closeSync, statSync, copyFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { REPO, ensureCodeServer, freePort, installExtension, killAllCodeServersNow, makeRunDir, startCodeServer, stopAllCodeServers, workbenchUrl } from './code-server.mjs';

const { values: options } = parseArgs({
	options: {
		step: { type: 'string', multiple: true },
		files: { type: 'string' },
		grep: { type: 'string' },
		timeout: { type: 'string' },
		'no-build': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		'extension-path': { type: 'string' },
		results: { type: 'string' },
		quiet: { type: 'boolean', default: false },
	},
});

const STEPS = ['main', 'packaged', 'self-test'];
const steps = options.step ?? STEPS;
for (const step of steps) if (!STEPS.includes(step)) fail(`unknown step ${step}; expected one of ${STEPS.join(', ')}`);
const timeoutMs = 1000 * Number(options.timeout ?? process.env.CORROBORATE_IT_TIMEOUT ?? 600);
const START_TIMEOUT_MS = 120000; // from page load to the tests module starting
const UNRESPONSIVE_LIMIT_MS = 60000; // the workbench reports an unresponsive host after ~20 s already
const TEST_RESULTS = join(REPO, 'test-results');
const say = options.quiet ? () => {} : (line) => process.stdout.write(line + '\n');

function fail(message) {
	console.error(`run-integration: ${message}`);
	process.exit(2);
}

/** Chromium from the system (never a downloaded one): $CHROMIUM_PATH or the usual Debian/Ubuntu paths. */
function chromiumPath() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
	const found = candidates.find((path) => existsSync(path));
	if (!found) fail(`no Chromium found (tried ${candidates.join(', ')}); install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`);
	return found;
}

// Everything that must be stopped or removed if we are interrupted.
const cleanups = new Set();
const tempDirs = new Set();

/** A fresh temporary folder, removed when this process exits even after a signal. */
function tempDir(prefix) {
	const dir = makeRunDir(prefix);
	tempDirs.add(dir);
	return dir;
}
let interrupted = false;
async function onSignal(signal) {
	if (interrupted) return;
	interrupted = true;
	console.error(`\nrun-integration: ${signal}, stopping code-server and the browser`);
	await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
	await stopAllCodeServers(); // including any still starting
	process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('exit', () => {
	killAllCodeServersNow();
	if (!options.keep) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** User settings that keep the window quiet and deterministic. */
const USER_SETTINGS = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'security.workspace.trust.enabled': false,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'window.restoreWindows': 'none',
	'chat.commandCenter.enabled': false,
	'git.openRepositoryInParentFolders': 'never',
};

/** Copies new bytes of `file` since `offset` to stdout; returns the new offset. */
function pump(file, offset, echo) {
	if (!existsSync(file)) return offset;
	const size = statSync(file).size;
	if (size <= offset) return offset;
	const fd = openSync(file, 'r');
	const buffer = Buffer.alloc(size - offset);
	readSync(fd, buffer, 0, buffer.length, offset);
	closeSync(fd);
	echo(buffer.toString('utf8').replace(/\n$/, ''));
	return size;
}

/** Takes the screenshots that tests asked for (requests/<name>.json → <screenshots>/<name>.png, then requests/<name>.done). */
async function serveScreenshots(page, resultsDir, screenshotsDir) {
	const requests = join(resultsDir, 'requests');
	if (!existsSync(requests)) return;
	for (const file of readdirSync(requests)) {
		if (!file.endsWith('.json')) continue;
		const name = file.slice(0, -'.json'.length);
		const done = join(requests, `${name}.done`);
		if (existsSync(done) && statSync(done).mtimeMs >= statSync(join(requests, file)).mtimeMs) continue;
		await new Promise((r) => setTimeout(r, 300)); // let the workbench paint the last change
		mkdirSync(screenshotsDir, { recursive: true });
		const path = join(screenshotsDir, `${name}.png`);
		await page.screenshot({ path });
		writeFileSync(done, path);
	}
}

/**
 * Runs one suite in a fresh code-server + Chromium and returns
 * { ok, results, reason } where results is the parsed results.json (or undefined).
 */
async function runSuite({ name, extensionDevelopmentPath, specDir, files, extensionsDir, publishDir, screenshotsDir, env = {}, live = true }) {
	const entry = ensureCodeServer((line) => say(line));
	const runDir = tempDir('corroborate-it-');
	// Results are written in this run's own folder and copied to publishDir at the end, so that two
	// runs in the same checkout (several developers' `npm test`) do not mix their files.
	const resultsDir = join(runDir, 'results');
	mkdirSync(resultsDir, { recursive: true });
	const shown = relative(REPO, publishDir) || publishDir;
	const workspace = join(runDir, 'seeds');
	cpSync(join(REPO, 'seeds'), workspace, { recursive: true }); // tests may write sidecars: never in the repo
	const userDataDir = join(runDir, 'user-data');
	mkdirSync(join(userDataDir, 'User'), { recursive: true });
	writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
	extensionsDir ??= join(runDir, 'extensions');

	let server;
	let browser;
	const cleanup = async () => {
		await browser?.close().catch(() => {});
		browser = undefined;
		if (server) {
			await server.stop();
			server = undefined;
		}
	};
	cleanups.add(cleanup);
	const started = Date.now();
	let outcome;
	try {
		const port = await freePort();
		server = await startCodeServer({
			entry, port, workspace, extensionsDir, userDataDir, logFile: join(resultsDir, 'code-server.log'),
			env: {
				...env,
				CORROBORATE_IT_RESULTS: resultsDir,
				CORROBORATE_IT_SCREENSHOTS: screenshotsDir,
				CORROBORATE_IT_SPEC_DIR: specDir,
				CORROBORATE_IT_FILES: files ?? '',
				CORROBORATE_IT_GREP: options.grep ?? '',
			},
		});
		browser = await chromium.launch({
			executablePath: chromiumPath(),
			headless: true,
			handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // we close it ourselves
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
		});
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		const browserLog = join(resultsDir, 'browser.log');
		// The workbench logs when the extension host stops answering (a test or the extension blocks its
		// event loop, so mocha's own timeouts cannot fire): fail early instead of waiting for the time-out.
		let unresponsiveSince;
		page.on('console', (message) => {
			const text = message.text();
			if (/Extension host \(Remote\) is unresponsive/.test(text)) unresponsiveSince ??= Date.now();
			else if (/Extension host \(Remote\) is responsive/.test(text)) unresponsiveSince = undefined;
			try { writeFileSync(browserLog, `[${message.type()}] ${text}\n`, { flag: 'a' }); } catch { /* results dir removed */ }
		});
		page.on('pageerror', (error) => { try { writeFileSync(browserLog, `[pageerror] ${error.message}\n`, { flag: 'a' }); } catch { /* ignore */ } });
		const testsModule = join(REPO, 'out', 'test', 'integration', 'index.js');
		await page.goto(workbenchUrl({ url: server.url, port, folder: workspace, extensionDevelopmentPath, extensionTestsPath: testsModule }));

		let offset = 0;
		const echo = options.quiet || !live ? () => {} : (text) => say(text.replace(/^/gm, '  '));
		for (;;) {
			offset = pump(join(resultsDir, 'mocha.log'), offset, echo);
			await serveScreenshots(page, resultsDir, screenshotsDir);
			const resultsFile = join(resultsDir, 'results.json');
			if (existsSync(resultsFile)) {
				const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
				offset = pump(join(resultsDir, 'mocha.log'), offset, echo);
				const ok = results.failures === 0 && results.tests > 0;
				outcome = { ok, results, reason: ok ? '' : results.tests === 0 ? 'no tests ran' : `${results.failures} failing` };
				break;
			}
			const elapsed = Date.now() - started;
			if (!existsSync(join(resultsDir, 'started.json')) && elapsed > START_TIMEOUT_MS) {
				outcome = { ok: false, reason: `the extension host did not start the tests within ${START_TIMEOUT_MS / 1000} s (see ${shown}/browser.log and code-server.log)` };
				break;
			}
			if (unresponsiveSince && Date.now() - unresponsiveSince > UNRESPONSIVE_LIMIT_MS) {
				outcome = { ok: false, reason: `the extension host has been unresponsive for ${UNRESPONSIVE_LIMIT_MS / 1000} s: the test running after the last line above (or the code it calls) blocks the event loop` };
				break;
			}
			if (elapsed > timeoutMs) {
				outcome = { ok: false, reason: `timed out after ${timeoutMs / 1000} s (see ${shown}/)` };
				break;
			}
			if (server.child.exitCode !== null || server.child.signalCode !== null) {
				outcome = { ok: false, reason: `code-server exited early (see ${shown}/code-server.log)` };
				break;
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	} catch (error) {
		outcome = { ok: false, reason: String(error?.message ?? error) };
	} finally {
		await cleanup();
		cleanups.delete(cleanup);
		clearExcept(publishDir, screenshotsDir);
		cpSync(resultsDir, publishDir, { recursive: true });
		if (!options.keep) rmSync(runDir, { recursive: true, force: true });
	}
	outcome.seconds = Math.round((Date.now() - started) / 100) / 10;
	outcome.name = name;
	const mochaLog = join(publishDir, 'mocha.log');
	if (!live && existsSync(mochaLog)) outcome.output = readFileSync(mochaLog, 'utf8').replace(/\n$/, '').replace(/^/gm, '  ');
	return outcome;
}

/** Empties `dir` of an earlier run's results, but keeps `keep` when it lies inside (screenshots this run took under `--results DIR`). */
function clearExcept(dir, keep) {
	const inside = relative(dir, keep);
	if (!existsSync(dir) || inside === '') return;
	if (inside.startsWith('..') || isAbsolute(inside)) return void rmSync(dir, { recursive: true, force: true });
	const kept = inside.split(sep)[0];
	for (const entry of readdirSync(dir)) if (entry !== kept) rmSync(join(dir, entry), { recursive: true, force: true });
}

/** Runs a command to completion with inherited output (or silenced when quiet); returns its exit status. */
function runCommand(command, args, { quiet = options.quiet } = {}) {
	const result = spawnSync(command, args, { cwd: REPO, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', 'inherit', 'inherit'] });
	return result.status ?? 1;
}

/** Step: the extension under development with the whole integration suite. */
function mainStep() {
	return runSuite({
		name: 'main',
		extensionDevelopmentPath: options['extension-path'] ?? REPO,
		specDir: 'out/test/integration',
		files: options.files,
		publishDir: options.results ?? join(TEST_RESULTS, 'integration', 'main'),
		screenshotsDir: options.results ? join(options.results, 'screenshots') : join(TEST_RESULTS, 'screenshots'),
	});
}

/** Step: package the .vsix, install it into a fresh extensions dir, check the installed copy activates. */
async function packagedStep() {
	const runDir = tempDir('corroborate-vsix-');
	const publishDir = join(TEST_RESULTS, 'integration', 'packaged');
	try {
		// Same vsce flags as `npm run package`, but written to this run's folder (the build is done above).
		const vsix = join(runDir, 'corroborate.vsix');
		const vsce = spawnSync(process.execPath, [join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
		if (vsce.status !== 0) return { name: 'packaged', ok: false, reason: `vsce package failed:\n${vsce.stdout}${vsce.stderr}` };
		const extensionsDir = join(runDir, 'extensions');
		const installLog = join(runDir, 'install.log');
		try {
			installExtension(ensureCodeServer((line) => say(line)), vsix, { extensionsDir, userDataDir: join(runDir, 'install-user-data'), logFile: installLog });
		} catch (error) {
			return { name: 'packaged', ok: false, reason: `--install-extension failed: ${error?.message ?? error}` };
		}
		return await runSuite({
			name: 'packaged',
			extensionDevelopmentPath: join(REPO, 'test', 'fixtures', 'vsix-probe'),
			specDir: 'out/test/fixtures/vsix-probe',
			extensionsDir,
			publishDir,
			screenshotsDir: join(TEST_RESULTS, 'screenshots', 'packaged'),
			env: { CORROBORATE_IT_EXTENSIONS_DIR: extensionsDir },
			live: false, // runs beside the main step: its output is printed when it ends
		});
	} catch (error) {
		return { name: 'packaged', ok: false, reason: String(error?.message ?? error) };
	} finally {
		if (!options.keep) rmSync(runDir, { recursive: true, force: true });
	}
}

/** Step: a copy of the extension whose activate() throws must make this driver exit non-zero. */
async function selfTestStep() {
	const started = Date.now();
	const runDir = tempDir('corroborate-broken-');
	const resultsDir = join(runDir, 'results'); // the child publishes its results here
	const publishDir = join(TEST_RESULTS, 'integration', 'self-test-broken');
	try {
		const broken = join(runDir, 'extension');
		mkdirSync(join(broken, 'dist'), { recursive: true });
		copyFileSync(join(REPO, 'package.json'), join(broken, 'package.json'));
		writeFileSync(join(broken, 'dist', 'extension.js'), "exports.activate = () => { throw new Error('deliberately broken by the harness self-test'); };\n");
		const child = spawn(process.execPath, [join(REPO, 'scripts', 'run-integration.mjs'), '--step', 'main', '--no-build', '--quiet',
			'--extension-path', broken, '--files', 'activation.test.js', '--results', resultsDir, '--timeout', '180'], { cwd: REPO, stdio: ['ignore', 'ignore', 'ignore'] });
		const stopChild = async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); };
		cleanups.add(stopChild);
		const status = await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
		cleanups.delete(stopChild);
		const resultsFile = join(resultsDir, 'results.json');
		const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
		const activationFailed = results?.failed?.some((failure) => /activates when a seed document is opened/.test(failure.title));
		const ok = status === 1 && results !== undefined && results.failures > 0 && activationFailed;
		const reason = ok ? '' : `expected exit 1 with the activation test failing; got exit ${status}, results ${JSON.stringify(results && { failures: results.failures, failed: results.failed.map((f) => f.title) })}`;
		return { name: 'self-test', ok, reason, selfTest: { status, failures: results?.failures }, seconds: Math.round((Date.now() - started) / 100) / 10 };
	} finally {
		rmSync(publishDir, { recursive: true, force: true });
		if (existsSync(resultsDir)) cpSync(resultsDir, publishDir, { recursive: true });
		rmSync(runDir, { recursive: true, force: true });
	}
}

if (!options['no-build'] && runCommand('node', [join(REPO, 'scripts', 'build.mjs')]) !== 0) fail('build failed');
if (!existsSync(join(REPO, 'out', 'test', 'integration', 'index.js'))) fail('out/test/integration/index.js is missing: run `npm run build`');

// Install code-server once, before steps that may run side by side.
try {
	ensureCodeServer((line) => say(line));
} catch (error) {
	fail(String(error?.message ?? error));
}

// The packaged step and the self-test print nothing while they run: they run in the background
// beside the main step, whose mocha output is shown live.
const background = [];
if (steps.includes('packaged')) {
	say('▶ integration step "packaged" started in the background: vsce package, --install-extension corroborate.vsix, probe tests');
	background.push(packagedStep());
}
if (steps.includes('self-test')) {
	say('▶ integration step "self-test" started in the background: a copy of the extension whose activate() throws must fail the run');
	background.push(selfTestStep());
}
const outcomes = [];
if (steps.includes('main')) {
	say('\n▶ integration step "main"');
	outcomes.push(await mainStep());
}
for (const outcome of await Promise.all(background)) {
	if (outcome.output) say(`\n▶ output of integration step "${outcome.name}":\n${outcome.output}`);
	outcomes.push(outcome);
}
for (const outcome of outcomes) if (!outcome.ok) say(`✗ step "${outcome.name}" failed: ${outcome.reason}`);

// The last lines of `npm test`: one line per step, then mocha-style totals.
say('\nIntegration summary:');
let passes = 0;
let failures = 0;
let pending = 0;
for (const outcome of outcomes) {
	const r = outcome.results;
	if (r) { passes += r.passes; failures += r.failures; pending += r.pending; }
	const detail = outcome.name === 'self-test'
		? (outcome.ok ? `broken extension made the driver exit ${outcome.selfTest.status} with ${outcome.selfTest.failures} failing test(s), as it must` : outcome.reason)
		: r ? `${r.passes} passing, ${r.failures} failing${r.pending ? `, ${r.pending} pending` : ''} in VS Code ${r.vscodeVersion}${outcome.ok ? '' : ` (${outcome.reason})`}` : outcome.reason;
	say(`  ${outcome.ok ? '✓' : '✗'} ${outcome.name} (${outcome.seconds ?? '?'} s): ${detail}`);
	if (!outcome.ok && !r) failures += 1;
}
const allOk = outcomes.every((outcome) => outcome.ok);
if (!options.quiet) {
	console.log(`integration: ${passes} passing${pending ? `, ${pending} pending` : ''}${failures ? `, ${failures} failing` : ''}${allOk ? '' : ' — FAILED'}`);
}
process.exit(allOk ? 0 : 1);

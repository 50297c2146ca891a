// `npm start`: opens seeds/ in VS Code with Corroborate loaded from this checkout.
// Desktop VS Code (`code --extensionDevelopmentPath`) when `code` is on PATH; otherwise code-server on
// 127.0.0.1 (port from $PORT, else a free one) with the URL printed. Ctrl-C stops the server's whole
// process group. Set CORROBORATE_CODE_SERVER=1 to use code-server even when `code` exists.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPO, CODE_SERVER_VERSION, VSCODE_VERSION, ensureCodeServer, freePort, killAllCodeServersNow, startCodeServer, stopAllCodeServers, workbenchUrl } from './code-server.mjs';

const seeds = join(REPO, 'seeds');

/** Full path of an executable on PATH, or undefined. */
function which(name) {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (!dir) continue;
		const candidate = join(dir, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch { /* not here */ }
	}
	return undefined;
}

const code = process.env.CORROBORATE_CODE_SERVER ? undefined : which('code');
if (code) {
	console.log(`Opening ${seeds} in VS Code with the extension from ${REPO}`);
	const result = spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, seeds], { stdio: 'inherit' });
	process.exit(result.status ?? 1);
}

const entry = ensureCodeServer();
const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
	console.error(`PORT must be a TCP port number, got ${JSON.stringify(process.env.PORT)}`);
	process.exit(2);
}
// Kept between runs (settings, opened editors), outside the repo's tracked files.
const state = join(REPO, '.cache', 'start');
const userDataDir = join(state, 'user-data');
const settings = join(userDataDir, 'User', 'settings.json');
if (!existsSync(settings)) {
	mkdirSync(join(userDataDir, 'User'), { recursive: true });
	// seeds/ sits inside this git checkout: without the last one, VS Code asks whether to open the parent repository.
	writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'git.openRepositoryInParentFolders': 'never' }, null, 2));
}
const logFile = join(state, 'code-server.log');

// Installed before the server starts, so Ctrl-C during start-up stops it too.
let stopping = false;
async function stop(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`\n${signal}: stopping code-server…`);
	await stopAllCodeServers();
	console.log('Stopped.');
	process.exit(0);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGHUP'));
process.on('exit', () => killAllCodeServersNow()); // last resort if we die another way

const server = await startCodeServer({ entry, port, workspace: seeds, extensionsDir: join(state, 'extensions'), userDataDir, logFile });
server.child.on('exit', (codeOrNull, signal) => {
	if (stopping) return;
	console.error(`code-server exited (${codeOrNull ?? signal}); log: ${logFile}`);
	process.exit(1);
});

const url = workbenchUrl({ url: server.url, port, folder: seeds, extensionDevelopmentPath: REPO });
console.log(`Corroborate is running in VS Code ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}), serving ${seeds}.`);
console.log('Open this URL in a browser on this machine (it listens on 127.0.0.1 only):');
console.log(`\n  ${url}\n`);
console.log(`Press Ctrl-C to stop. Server log: ${logFile}`);

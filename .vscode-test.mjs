// `npm run test:electron`: the same integration suite (out/test/integration/**/*.test.js) in desktop
// VS Code downloaded by @vscode/test-electron. Needs internet access to Microsoft's update servers;
// where that is blocked (CI here), `npm run test:integration` runs the suite in code-server instead.
// Screenshot requests are skipped in this host (no driver outside the window to take them).
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = dirname(fileURLToPath(import.meta.url));
// Tests may write sidecars into the workspace: give them a throw-away copy of seeds/.
const workspace = join(mkdtempSync(join(tmpdir(), 'corroborate-electron-')), 'seeds');
cpSync(join(repo, 'seeds'), workspace, { recursive: true });

export default defineConfig({
	label: 'integration',
	files: 'out/test/integration/**/*.test.js',
	// The version the code-server harness runs (engines.vscode and @types/vscode match it); override to try another.
	version: process.env.VSCODE_TEST_VERSION || '1.100.3',
	extensionDevelopmentPath: repo,
	workspaceFolder: workspace,
	launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
	mocha: { ui: 'bdd', timeout: 30000 },
});

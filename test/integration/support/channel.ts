// File channel between tests running inside the VS Code extension host and the driver
// (scripts/run-integration.mjs) running outside it. The driver passes folders through environment
// variables of the code-server process, which the extension host inherits:
//   CORROBORATE_IT_RESULTS   folder where index.ts writes started.json, mocha.log and results.json
//   CORROBORATE_IT_SCREENSHOTS  folder where the driver writes requested screenshots (<name>.png)
// Screenshots: the page can only be captured from outside (playwright), so a test writes
// <results>/requests/<name>.json and waits; the driver polls that folder, captures the window to
// <screenshots>/<name>.png, then writes <results>/requests/<name>.done. Without a driver (for example
// under @vscode/test-electron) the variables are unset and screenshots are skipped.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folder for this run's results, or undefined when no driver is listening. */
export function resultsDir(): string | undefined {
	return process.env.CORROBORATE_IT_RESULTS || undefined;
}

/** Whether a driver can take screenshots in this run. */
export function canScreenshot(): boolean {
	return Boolean(resultsDir() && process.env.CORROBORATE_IT_SCREENSHOTS);
}

/** Screenshot names become file names: keep them to letters, digits, dot, dash and underscore. */
function checkName(name: string): void {
	if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name must match [A-Za-z0-9._-]+: ${JSON.stringify(name)}`);
}

/**
 * Asks the driver for a screenshot of the whole VS Code window and waits until it is written.
 * Returns the PNG's path, or undefined when no driver can take screenshots (the call is then a no-op).
 */
export async function requestScreenshot(name: string, timeoutMs = 20000): Promise<string | undefined> {
	checkName(name);
	const results = resultsDir();
	const shots = process.env.CORROBORATE_IT_SCREENSHOTS;
	if (!results || !shots) return undefined;
	const requests = join(results, 'requests');
	mkdirSync(requests, { recursive: true });
	const done = join(requests, `${name}.done`);
	rmSync(done, { force: true }); // the same name asked again: take a new picture
	writeFileSync(join(requests, `${name}.json`), JSON.stringify({ name, requestedAt: new Date().toISOString() }));
	const deadline = Date.now() + timeoutMs;
	while (!existsSync(done)) {
		if (Date.now() > deadline) throw new Error(`the driver did not take screenshot ${name} within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return join(shots, `${name}.png`);
}

import type * as vscode from 'vscode';
import { CorroborateContext } from './vscode/context';

let context: CorroborateContext | undefined;

/** Composition root: builds the adapters and registers them; every disposable is owned by the context. */
export function activate(extensionContext: vscode.ExtensionContext) {
	context = new CorroborateContext(extensionContext);
	return context.api;
}

/** Disposes everything the context owns. */
export function deactivate(): void {
	context?.dispose();
	context = undefined;
}

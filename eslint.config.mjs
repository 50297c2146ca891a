// Lint rules. The one that matters most: the pure core and the CLI never import `vscode`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
	'no-restricted-imports': ['error', {
		paths: [{ name: 'vscode', message: 'src/core and src/cli are pure: keep vscode in src/vscode adapters.' }],
	}],
};

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'test-results/**', '*.vsix'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
	{ files: ['src/core/**/*.ts', 'src/cli/**/*.ts'], rules: noVscode },
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
	},
);

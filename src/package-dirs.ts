import { fileURLToPath } from 'node:url';

/** The package's own data folders; one level above this file both in src/ (tsx) and in dist/ (compiled). */
const PACKAGE_ROOT = new URL('../', import.meta.url);
const packageDir = (name: string): string => fileURLToPath(new URL(`${name}/`, PACKAGE_ROOT));

export const DEFAULT_WORDLISTS_DIR = packageDir('wordlists');
export const DEFAULT_WORKFLOWS_DIR = packageDir('workflows');
export const DEFAULT_PROFILES_DIR = packageDir('profiles');
export const DEFAULT_ASSETS_DIR = packageDir('assets');

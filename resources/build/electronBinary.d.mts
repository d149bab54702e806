/** Types of electronBinary.mjs, for the TypeScript tests that use it. */
export function electronPackageDir(root: string): string;
export function installedElectron(root: string, env?: NodeJS.ProcessEnv): { path: string } | { why: string };

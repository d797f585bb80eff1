import packageJson from '../package.json';

/** The extension id OHIF registers us under; also the prefix of our module entries. */
export const EXTENSION_ID: string = packageJson.name;
export const EXTENSION_VERSION: string = packageJson.version;

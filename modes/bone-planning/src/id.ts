import packageJson from '../package.json';

export const MODE_ID: string = packageJson.name;
export const MODE_VERSION: string = packageJson.version;
/** The URL segment: /bone-planning?StudyInstanceUIDs=... */
export const ROUTE_NAME = 'bone-planning';

import getCommandsModule from './getCommandsModule';
import { EXTENSION_ID } from './id';
import preRegistration from './preRegistration';

/**
 * The OHIF extension: a plain object, as OHIF's extension template has it. The stock viewer imports this
 * bundle by URL (window.config.extensions) and uses its default export.
 */
const boneSegmentationExtension = {
  id: EXTENSION_ID,
  preRegistration,
  getCommandsModule,
};

export default boneSegmentationExtension;

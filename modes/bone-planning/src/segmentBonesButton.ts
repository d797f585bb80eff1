/** Toolbar button id and command shared with the extension (its getCommandsModule registers the command). */
export const SEGMENT_BONES_BUTTON_ID = 'SegmentBones';
export const SEGMENT_BONES_COMMAND = 'runBoneSegmentation';
/** OHIF's main toolbar section, where navigation and window/level live. */
export const PRIMARY_TOOLBAR_SECTION = 'primary';

/** A plain OHIF toolbar button: the host renders it with its own React, so we ship no UI code. */
export const segmentBonesButton = {
  id: SEGMENT_BONES_BUTTON_ID,
  uiType: 'ohif.toolButton',
  props: {
    icon: 'icon-tool-click-segment',
    label: 'Segment bones',
    tooltip: 'Segment bones: femur, tibia, fibula, patella, hip bones and sacrum',
    commands: SEGMENT_BONES_COMMAND,
    evaluate: 'evaluate.action',
  },
};

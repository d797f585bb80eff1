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

export const EXPORT_STL_BUTTON_ID = 'ExportBonesSTL';
export const EXPORT_STL_COMMAND = 'exportBonesStl';

/** "Export STL": one binary STL per bone of the active Bones (AI) segmentation, as a zip. */
export const exportStlButton = {
  id: EXPORT_STL_BUTTON_ID,
  uiType: 'ohif.toolButton',
  props: {
    icon: 'icon-download',
    label: 'Export STL',
    tooltip: 'Export STL: one surface file per bone (mm, DICOM patient coordinates), as a zip',
    commands: EXPORT_STL_COMMAND,
    evaluate: 'evaluate.action',
  },
};

export const STORE_SEG_BUTTON_ID = 'StoreBonesSEG';
export const STORE_SEG_COMMAND = 'storeBonesSegmentation';

/** "Store to PACS": the active Bones (AI) segmentation as a DICOM SEG in the study; the labelmap stays editable. */
export const storeSegButton = {
  id: STORE_SEG_BUTTON_ID,
  uiType: 'ohif.toolButton',
  props: {
    icon: 'icon-download',
    label: 'Store to PACS',
    tooltip: 'Store to PACS: the bones as a DICOM SEG in this study (the labelmap stays editable)',
    commands: STORE_SEG_COMMAND,
    evaluate: 'evaluate.action',
  },
};

/** Toolbar button id and command shared with the extension (its getCommandsModule registers the command). */
export const SEGMENT_BONES_BUTTON_ID = 'SegmentBones';
export const SEGMENT_BONES_COMMAND = 'runBoneSegmentation';
/** OHIF's main toolbar section, where navigation and window/level live. */
export const PRIMARY_TOOLBAR_SECTION = 'primary';

/**
 * A plain OHIF toolbar button: the host renders it with its own React, so we ship no UI code. Icons are names the
 * host registers (OHIF 3.13.2's Icons.ByName; an unknown name renders the text "Missing Icon").
 */
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
    icon: 'external-link',
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
    icon: 'icon-transferring',
    label: 'Store to PACS',
    tooltip: 'Store to PACS: the bones as a DICOM SEG in this study (the labelmap stays editable)',
    commands: STORE_SEG_COMMAND,
    evaluate: 'evaluate.action',
  },
};

export const UPDATE_3D_BUTTON_ID = 'UpdateBones3D';
export const UPDATE_3D_COMMAND = 'updateBones3D';

/** "Update 3D": the 3D view's bone surfaces rebuilt from the labelmap as edited (a few seconds, in a worker). */
export const update3DButton = {
  id: UPDATE_3D_BUTTON_ID,
  uiType: 'ohif.toolButton',
  props: {
    icon: 'tool-3d-rotate',
    label: 'Update 3D',
    tooltip: 'Update 3D: rebuild the bone surfaces of the 3D view from the edited segmentation',
    commands: UPDATE_3D_COMMAND,
    evaluate: 'evaluate.action',
  },
};

export const CT_IN_3D_BUTTON_ID = 'ToggleBonesCtVolume3D';
export const CT_IN_3D_COMMAND = 'toggleBonesCtVolume3D';

/** "CT in 3D": the CT's volume rendering in the 3D view, off by default (slow without a GPU). */
export const ctIn3DButton = {
  id: CT_IN_3D_BUTTON_ID,
  uiType: 'ohif.toolButton',
  props: {
    icon: 'VolumeRendering',
    label: 'CT in 3D',
    tooltip: 'CT in 3D: show or hide the CT volume rendering behind the bone surfaces (slow without a GPU)',
    commands: CT_IN_3D_COMMAND,
    evaluate: 'evaluate.action',
  },
};

/** Run on mode enter and exit: the extension keeps the 3D view to surfaces only while bone planning is open. */
export const START_3D_COMMAND = 'startBonePlanning3D';
export const STOP_3D_COMMAND = 'stopBonePlanning3D';

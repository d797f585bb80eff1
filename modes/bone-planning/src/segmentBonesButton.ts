// Toolbar button ids and commands shared with the extension (its getCommandsModule registers the commands).

/** OHIF's main toolbar section, where navigation and window/level live. */
export const PRIMARY_TOOLBAR_SECTION = 'primary';

/**
 * A plain OHIF toolbar button: the host renders it with its own React, so we ship no UI code. Icons are names the
 * host registers (OHIF 3.13.2's Icons.ByName; an unknown name renders the text "Missing Icon").
 */
function actionButton(id: string, icon: string, label: string, tooltip: string, command: string) {
  return { id, uiType: 'ohif.toolButton', props: { icon, label, tooltip, commands: command, evaluate: 'evaluate.action' } };
}

export const SEGMENT_BONES_BUTTON_ID = 'SegmentBones';
export const SEGMENT_BONES_COMMAND = 'runBoneSegmentation';
export const segmentBonesButton = actionButton(
  SEGMENT_BONES_BUTTON_ID,
  'icon-tool-click-segment',
  'Segment bones',
  'Segment bones: femur, tibia, fibula, patella, hip bones and sacrum',
  SEGMENT_BONES_COMMAND,
);

export const EXPORT_STL_BUTTON_ID = 'ExportBonesSTL';
export const EXPORT_STL_COMMAND = 'exportBonesStl';
/** "Export STL": one binary STL per bone of the active Bones (AI) segmentation, as a zip. */
export const exportStlButton = actionButton(
  EXPORT_STL_BUTTON_ID,
  'external-link',
  'Export STL',
  'Export STL: one surface file per bone (mm, DICOM patient coordinates), as a zip',
  EXPORT_STL_COMMAND,
);

export const STORE_SEG_BUTTON_ID = 'StoreBonesSEG';
export const STORE_SEG_COMMAND = 'storeBonesSegmentation';
/** "Store to PACS": the active Bones (AI) segmentation as a DICOM SEG in the study; the labelmap stays editable. */
export const storeSegButton = actionButton(
  STORE_SEG_BUTTON_ID,
  'icon-transferring',
  'Store to PACS',
  'Store to PACS: the bones as a DICOM SEG in this study (the labelmap stays editable)',
  STORE_SEG_COMMAND,
);

export const UPDATE_3D_BUTTON_ID = 'UpdateBones3D';
export const UPDATE_3D_COMMAND = 'updateBones3D';
/** "Update 3D": the 3D view's bone surfaces rebuilt from the labelmap as edited (a few seconds, in a worker). */
export const update3DButton = actionButton(
  UPDATE_3D_BUTTON_ID,
  'tool-3d-rotate',
  'Update 3D',
  'Update 3D: rebuild the bone surfaces of the 3D view from the edited segmentation',
  UPDATE_3D_COMMAND,
);

export const CT_IN_3D_BUTTON_ID = 'ToggleBonesCtVolume3D';
export const CT_IN_3D_COMMAND = 'toggleBonesCtVolume3D';
/** "CT in 3D": the CT's volume rendering in the 3D view, off by default (slow without a GPU). */
export const ctIn3DButton = actionButton(
  CT_IN_3D_BUTTON_ID,
  'VolumeRendering',
  'CT in 3D',
  'CT in 3D: show or hide the CT volume rendering behind the bone surfaces (slow without a GPU)',
  CT_IN_3D_COMMAND,
);

/** Run on mode enter and exit: the extension keeps the 3D view to surfaces only while bone planning is open. */
export const START_3D_COMMAND = 'startBonePlanning3D';
export const STOP_3D_COMMAND = 'stopBonePlanning3D';

/** OHIF passes the study's modalities as one backslash-separated string, e.g. "CT\\SEG". */
export interface ModeValidityInput {
  modalities?: string;
}

export interface ModeValidity {
  valid: boolean;
  description: string;
}

/** Bone planning needs a CT series; other studies get a disabled mode button with this description. */
export function isValidMode({ modalities = '' }: ModeValidityInput): ModeValidity {
  const list = modalities.split('\\').map((modality) => modality.trim().toUpperCase());
  return list.includes('CT')
    ? { valid: true, description: 'The study has a CT series' }
    : { valid: false, description: 'Bone planning needs a study with a CT series' };
}
